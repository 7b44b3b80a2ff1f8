import Foundation
import ZoneCore
import ZoneDiagram
import ZoneReport

// Times the SVG diagram and the HTML report of one model file, after loading and linting it.
// Usage: DiagramBench generate ZONES CONDUITS FILE | DiagramBench run FILE

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "generate" where arguments.count == 5:
    guard let zones = Int(arguments[2]), let conduits = Int(arguments[3]) else { exit(64) }
    try SyntheticModel.yaml(zones: zones, assetsPerZone: 4, conduits: conduits).write(toFile: arguments[4], atomically: true, encoding: .utf8)
case "run" where arguments.count == 3:
    let result = ModelLoader.load(path: arguments[2])
    guard let model = result.model, !result.isInvalid else {
        print("invalid model")
        exit(2)
    }
    let findings = result.findings + Linter.lint(model)
    var svg = ""
    var html = ""
    let diagram = seconds { svg = DiagramFormat.svg.render(model: model, findings: findings) }
    let report = try seconds {
        html = try ReportFormat.html.render(ImplementationReport(model: model, findings: findings, validation: nil, date: "2026-01-01"))
    }
    print("zones \(model.zones.count) conduits \(model.conduits.count) svg \(svg.utf8.count / 1024) KiB html \(html.utf8.count / 1024) KiB")
    print(String(format: "diagram %.3f s  html report %.3f s", diagram, report))
default:
    print("usage: DiagramBench generate ZONES CONDUITS FILE | DiagramBench run FILE")
    exit(64)
}
