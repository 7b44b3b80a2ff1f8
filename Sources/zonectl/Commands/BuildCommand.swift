import ArgumentParser
import Foundation
import ZoneCompile
import ZoneCore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Lint a model and compile every target it supports into one folder, with lint.txt and analysis.txt.",
        discussion: "Exit 1 when lint reports an error or rule analysis a conflict; the folder is still written.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .shortAndLong, help: "The output folder (replaced as a whole).")
    var output: String

    @Option(help: "enforce or monitor, as for compile.")
    var mode: EnforcementMode = .enforce

    func run() throws {
        let (loaded, loadFindings) = try ModelInput.load(model)
        let findings = Finding.sortedForOutput(loadFindings + Linter.lint(loaded))
        let lint = findings.isEmpty ? "no findings\n" : findings.map { Diagnostics.line($0) + "\n" }.joined()
        let lintFile = GeneratedFile(path: "lint.txt", contents: "# zonectl lint \(loaded.file) (SHA-256 \(loaded.sha256))\n" + lint)
        let result = try CompileRun.compileAndWrite(
            loaded, platforms: Platform.supported(by: loaded), mode: mode, to: output, extraFiles: [lintFile])
        Diagnostics.printToStderr(findings)
        if result.hasConflicts || findings.contains(where: { $0.severity == .error }) { throw ZoneCtlExit.findings }
    }
}
