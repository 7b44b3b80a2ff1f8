import ArgumentParser
import ZoneCore

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check a zone/conduit model against IEC 62443-3-2/3-3 and Purdue practice.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Flag(help: "Make ZCR 6.4 documentation gaps errors.")
    var strict = false

    func run() throws {
        let (loaded, loadFindings) = try ModelInput.load(model)
        let findings = loadFindings + Linter.lint(loaded, options: LintOptions(strict: strict))
        for finding in Finding.sortedForOutput(findings) { print(Diagnostics.line(finding)) }
        if findings.contains(where: { $0.severity == .error }) { throw ZoneCtlExit.findings }
    }
}
