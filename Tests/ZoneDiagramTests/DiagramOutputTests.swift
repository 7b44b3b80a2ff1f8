import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZoneCore
import ZoneDiagram

@Suite struct DiagramOutputTests {
    private func refinery() throws -> (ZoneModel, [Finding]) {
        let model = try DiagramFixtures.load(path: DiagramFixtures.refineryPath)
        return (model, Linter.lint(model))
    }

    @Test func dotMatchesItsGolden() throws {
        let (model, findings) = try refinery()
        try DiagramFixtures.expectGolden(DiagramFormat.dot.render(model: model, findings: findings), "refinery.dot")
    }

    @Test func mermaidMatchesItsGolden() throws {
        let (model, findings) = try refinery()
        try DiagramFixtures.expectGolden(DiagramFormat.mermaid.render(model: model, findings: findings), "refinery.mmd")
    }

    @Test func svgNamesEveryZoneAndConduitAndDescribesItself() throws {
        let (model, findings) = try refinery()
        let svg = DiagramFormat.svg.render(model: model, findings: findings)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title id=\"diagram-title\">Petrochemical Refinery - Unit 3: zones and conduits</title>"))
        #expect(svg.contains("<desc id=\"diagram-desc\">Zone and conduit diagram of Petrochemical Refinery - Unit 3."))
        for zone in model.zones { #expect(svg.contains("data-zone=\"\(zone.id)\""), "\(zone.id) missing") }
        for conduit in model.conduits { #expect(svg.contains("data-conduit=\"\(conduit.id)\""), "\(conduit.id) missing") }
        for forbidden in ["<script", "href=", "@import", "url("] { #expect(!svg.contains(forbidden)) }
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "the SVG is well-formed XML: \(String(describing: parser.parserError))")
    }

    /// Separate processes hash differently, so running the binary twice catches any order that depends on a hash.
    @Test(arguments: [["diagram", "--format", "svg"], ["diagram", "--format", "dot"], ["diagram", "--format", "mermaid"],
                      ["report", "--format", "html", "--date", "2026-11-26"]])
    func outputIsByteIdenticalAcrossRuns(_ command: [String]) throws {
        let zonectl = try DiagramFixtures.peer("ZONECTL_BINARY", default: ".build/debug/zonectl", name: "zonectl")
        for model in [DiagramFixtures.refineryPath, DiagramFixtures.flaggedPath] {
            let arguments = [command[0], model] + command.dropFirst()
            let first = try DiagramFixtures.run(zonectl, arguments)
            let second = try DiagramFixtures.run(zonectl, arguments)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(!first.stdout.isEmpty && first.stdout == second.stdout, "\(arguments) differs between runs")
        }
    }

    @Test func diagramCommandWritesFilesAndRejectsBadInput() throws {
        let zonectl = try DiagramFixtures.peer("ZONECTL_BINARY", default: ".build/debug/zonectl", name: "zonectl")
        let directory = try DiagramFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("refinery.svg").path
        let written = try DiagramFixtures.run(zonectl, ["diagram", DiagramFixtures.refineryPath, "-o", output])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("data-zone=\"Z4-DMZ\""))

        let broken = directory.appendingPathComponent("broken.yaml")
        try "zones:\n  - zone_id: Z1\n    purdue_level: 9\n".write(to: broken, atomically: true, encoding: .utf8)
        let refusedOutput = directory.appendingPathComponent("broken.svg").path
        let invalid = try DiagramFixtures.run(zonectl, ["diagram", broken.path, "-o", refusedOutput])
        #expect(invalid.status == 2 && invalid.stderr.contains("broken.yaml:3:"))
        #expect(!FileManager.default.fileExists(atPath: refusedOutput), "no output file for invalid input")

        let usage = try DiagramFixtures.run(zonectl, ["diagram", DiagramFixtures.refineryPath, "--format", "png"])
        #expect(usage.status == 64)
    }
}
