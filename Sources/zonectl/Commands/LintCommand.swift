import ArgumentParser
import ZoneCore
import ZoneReport

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a zone/conduit model against IEC 62443-3-2/3-3 and Purdue practice.",
        discussion: "Exit code 1 when a finding is at or above --fail-on, 2 when the model is invalid input.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .shortAndLong, help: "Output format: text, json or sarif.")
    var format: FindingsFormat = .text

    @Option(name: .shortAndLong, help: "Write the findings to this file instead of standard output.")
    var output: String?

    @Option(help: "Lowest severity that fails the run: info, warning or error.")
    var failOn: Severity = .error

    @Flag(help: "Make ZCR 6.4 documentation gaps errors.")
    var strict = false

    @Option(name: .customLong("disable"), help: "A rule id not to run (repeatable).")
    var disabledRules: [String] = []

    func run() throws {
        let result = ModelLoader.load(path: model)
        var findings = result.findings
        if let loaded = result.model, !result.isInvalid {
            findings += Linter.lint(loaded, options: LintOptions(strict: strict, disabledRules: Set(disabledRules)))
        }
        try OutputFile.write(try format.render(findings, model: model), to: output)
        if result.isInvalid { throw ZoneCtlExit.invalidInput }
        if findings.contains(where: { $0.severity >= failOn }) { throw ZoneCtlExit.findings }
    }
}
