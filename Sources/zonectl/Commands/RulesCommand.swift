import Foundation
import ArgumentParser
import ZoneCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the lint rules, or explain one.")

    @Argument(help: "A rule id (ZC030) or name (enterprise-bypasses-dmz).")
    var rule: String?

    func run() throws {
        guard let rule else {
            for description in RuleCatalog.all {
                let severity = description.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                print("\(description.id)  \(severity)  \(description.name): \(description.summary)")
            }
            return
        }
        guard let description = RuleCatalog.rule(rule) else {
            throw ValidationError("no rule '\(rule)'; `zonectl rules` lists them")
        }
        print("\(description.id) \(description.name) (\(description.severity.rawValue), checked at \(description.phase.rawValue))")
        print("")
        print(description.summary)
        print("")
        print("Why: \(description.rationale)")
        print("Rests on: \(description.references.joined(separator: "; "))")
        for example in description.triggering {
            print("\nTriggers on:\n" + example)
        }
        for example in description.nonTriggering {
            print("\nDoes not trigger on:\n" + example)
        }
    }
}
