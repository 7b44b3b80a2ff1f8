import ArgumentParser
import Foundation
import BaselinePolicy
import BaselineStore
import FlowBaseline
import ZoneCore
import ZoneReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the IEC 62443 Zone Implementation Report for a model.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .shortAndLong, help: "Output format: text, markdown, json or html (one self-contained page with the diagram).")
    var format: ReportFormat = .text

    @Option(help: "Validation results written by `zonectl verify --json`.")
    var validation: String?

    @Option(help: "Would-be-blocked flows written by `zonectl logs analyze --json`.")
    var logs: String?

    @Option(help: "A traffic baseline store (`zonectl baseline ingest`): adds the baseline summary and the observed flows the model would block.")
    var store: String?

    @Option(help: "Implementation date to print when the model has no implementation_date (default: today, UTC).")
    var date: String?

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() throws {
        let (loaded, loadFindings) = try ModelInput.load(model)
        var results: ValidationResults?
        if let validation {
            do {
                results = try ValidationResults.read(path: validation)
            } catch {
                StandardStream.error("\(error)\n")
                throw ZoneCtlExit.invalidInput
            }
        }
        var blocked: BlockedFlowAnalysis?
        if let logs {
            do {
                blocked = try BlockedFlowAnalysis.read(path: logs)
            } catch {
                StandardStream.error("\(error)\n")
                throw ZoneCtlExit.invalidInput
            }
        }
        var baseline: BaselineSummary?
        if let store {
            let (summary, analysis) = try Self.baseline(store: store, model: loaded)
            baseline = summary
            blocked = blocked ?? analysis
        }
        let findings = loadFindings + Linter.lint(loaded)
        let report = ImplementationReport(
            model: loaded, findings: findings, validation: results, date: date ?? Self.today(), wouldBeBlocked: blocked,
            baseline: baseline)
        try OutputFile.write(try format.render(report), to: output)
    }

    /// The baseline summary and the would-be-blocked analysis of the flows in a store.
    static func baseline(store path: String, model: ZoneModel) throws -> (BaselineSummary, BlockedFlowAnalysis) {
        guard FileManager.default.fileExists(atPath: path) else {
            StandardStream.error("\(path): no baseline store; `zonectl baseline ingest --store \(path) CAPTURE` makes one\n")
            throw ZoneCtlExit.invalidInput
        }
        let flows: [FlowRecord]
        let assets: [AssetRecord]
        do {
            let store = try BaselineStore(path: path)
            flows = try store.flows()
            assets = try store.assets()
        } catch {
            StandardStream.error("\(path): \(error)\n")
            throw ZoneCtlExit.invalidInput
        }
        let observed = ObservedFlows.from(flows)
        let analysis = BlockedFlowAnalysis(model: model, flows: observed)
        let check = PolicyCheck.run(model: model, flows: flows, assets: assets)
        let times = observed.compactMap(\.firstSeen) + observed.compactMap(\.lastSeen)
        let period = times.min().flatMap { first in
            times.max().map { last in "\(BlockedFlowAnalysis.isoTime(first)) .. \(BlockedFlowAnalysis.isoTime(last))" }
        }
        let summary = BaselineSummary(
            source: path, period: period, flowsObserved: observed.count,
            flowsAllowed: observed.count - analysis.blocked.count - analysis.unmapped.count,
            unusedChannels: check.unusedChannels.map { "\($0.conduit): \($0.channel)" })
        return (summary, analysis)
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
