import ArgumentParser
import BaselineStore
import BaselinePolicy
import Foundation

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
        let report = PolicyCheck.run(model: loaded, flows: try store.flows(), assets: try store.assets())
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(text(report), terminator: "")
        }
        if report.findingCount > 0 { throw ZoneCtlExit.findings }
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
