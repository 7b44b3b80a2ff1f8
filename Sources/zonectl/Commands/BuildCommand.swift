import ArgumentParser
import Foundation
import ZoneCompile
import ZoneCore
import ZoneReport

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Lint a model, compile every target it supports and write report.txt, lint.txt and analysis.txt into one folder.",
        discussion: "Exit 1 when lint reports an error or rule analysis a conflict; the folder is still written.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .shortAndLong, help: "The output folder (replaced as a whole).")
    var output: String

    @Option(help: "enforce or monitor, as for compile.")
    var mode: EnforcementMode = .enforce

    @Option(help: "Implementation date for report.txt when the model has none (default: today, UTC).")
    var date: String?

    func run() throws {
        let (loaded, loadFindings) = try ModelInput.load(model)
        let findings = Finding.sortedForOutput(loadFindings + Linter.lint(loaded))
        let lint = findings.isEmpty ? "no findings\n" : findings.map { Diagnostics.line($0) + "\n" }.joined()
        let lintFile = GeneratedFile(path: "lint.txt", contents: "# zonectl lint \(loaded.file) (SHA-256 \(loaded.sha256))\n" + lint)
        let report = ImplementationReport(model: loaded, findings: findings, validation: nil, date: date ?? ReportCommand.today())
        let reportFile = GeneratedFile(path: "report.txt", contents: try ReportFormat.text.render(report))
        let result = try CompileRun.compileAndWrite(
            loaded, platforms: Platform.supported(by: loaded), mode: mode, to: output, extraFiles: [lintFile, reportFile])
        BatchMemory.holdUntilExit(result, report)
        Diagnostics.printToStderr(findings)
        if result.hasConflicts || findings.contains(where: { $0.severity == .error }) { throw ZoneCtlExit.findings }
    }
}
