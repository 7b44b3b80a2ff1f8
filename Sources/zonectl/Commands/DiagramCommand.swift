import ArgumentParser
import ZoneCore
import ZoneDiagram

struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Draw the zone/conduit diagram of a model: Purdue bands, zones, conduits and lint errors.",
        discussion: "Exit code 0 when the diagram was written (lint errors are drawn, not failed on), 2 when the model is invalid input.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .shortAndLong, help: "Output format: svg (laid out by zonectl), dot (Graphviz) or mermaid.")
    var format: DiagramFormat = .svg

    @Option(name: .shortAndLong, help: "Write the diagram to this file instead of standard output.")
    var output: String?

    func run() throws {
        let (loaded, loadFindings) = try ModelInput.load(model)
        let findings = loadFindings + Linter.lint(loaded)
        try OutputFile.write(format.render(model: loaded, findings: findings), to: output)
    }
}
