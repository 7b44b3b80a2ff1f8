import ArgumentParser
import Foundation
import ZoneCore
import ZoneReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the IEC 62443 Zone Implementation Report for a model.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .shortAndLong, help: "Output format: text, markdown or json.")
    var format: ReportFormat = .text

    @Option(help: "Validation results written by `zonectl verify --json`.")
    var validation: String?

    @Option(help: "Would-be-blocked flows written by `zonectl logs analyze --json`.")
    var logs: String?

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
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ZoneCtlExit.invalidInput
            }
        }
        var blocked: BlockedFlowAnalysis?
        if let logs {
            do {
                blocked = try BlockedFlowAnalysis.read(path: logs)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ZoneCtlExit.invalidInput
            }
        }
        let findings = loadFindings + Linter.lint(loaded)
        let report = ImplementationReport(
            model: loaded, findings: findings, validation: results, date: date ?? Self.today(), wouldBeBlocked: blocked)
        try OutputFile.write(try format.render(report), to: output)
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
