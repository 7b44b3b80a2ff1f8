import ArgumentParser
import BaselineStore
import BaselinePolicy
import Foundation
import ZoneCore
import ZoneReport

struct BaselineCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "What a model would do to the observed traffic: blocked flows, unused channels, DMZ bypasses, writes from non-engineering hosts.",
        discussion: "Exit status 1 when there is any finding.")

    @OptionGroup var storeOption: StoreOption

    @Option(help: "The zone/conduit model (YAML).")
    var model: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let store = try BaselineStoreInput.open(storeOption.store)
        let (loaded, _) = try ModelInput.load(model)
        let flows = try store.flows()
        let report = PolicyCheck.run(model: loaded, flows: flows, assets: try store.assets())
        // The same would-be-blocked analysis as `logs analyze`: grouped flows and the model change for each.
        let analysis = BlockedFlowAnalysis(model: loaded, flows: ObservedFlows.from(flows))
        if json {
            struct Output: Encodable {
                let check: PolicyCheckReport
                let analysis: BlockedFlowAnalysis
            }
            print(try JSONOutput.encode(Output(check: report, analysis: analysis)), terminator: "")
        } else {
            print(text(report) + suggestions(analysis), terminator: "")
        }
        if report.findingCount > 0 { throw ZoneCtlExit.findings }
    }

    private func suggestions(_ analysis: BlockedFlowAnalysis) -> String {
        guard !analysis.suggestions.isEmpty else { return "" }
        var out = "suggested model changes: \(analysis.suggestions.count)\n"
        for suggestion in analysis.suggestions {
            if suggestion.kind == .violation {
                out += "  VIOLATION \(suggestion.service) \(suggestion.fromZone) -> \(suggestion.toZone): \(suggestion.violations.joined(separator: "; "))\n"
            } else {
                out += "  \(suggestion.service) \(suggestion.fromZone) -> \(suggestion.toZone):\n"
                out += suggestion.yaml.split(separator: "\n").map { "    \($0)\n" }.joined()
            }
        }
        return out
    }

    private func text(_ report: PolicyCheckReport) -> String {
        var out = ""
        func section(_ title: String, _ findings: [PolicyCheckReport.FlowFinding]) {
            out += "\(title): \(findings.count)\n"
            for finding in findings {
                out += "  \(finding.client) -> \(finding.server) \(finding.transport)/\(finding.port) \(finding.service) (\(finding.packets) packets): \(finding.reason)\n"
            }
        }
        section("flows the model would block", report.blocked)
        out += "conduit channels never used: \(report.unusedChannels.count)\n"
        for unused in report.unusedChannels { out += "  \(unused.conduit): \(unused.channel)\n" }
        section("flows that bypass the DMZ", report.dmzBypass)
        section("OT writes or programming from non-engineering sources", report.unauthorizedWrites)
        return out
    }
}
