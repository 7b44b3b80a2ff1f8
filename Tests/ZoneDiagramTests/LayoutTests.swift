import Foundation
import Testing
import ZoneCore
import ZoneDiagram

@Suite struct LayoutTests {
    /// The models the layout must keep readable: the refinery, generated models of 10 and 30 zones, and one with lint errors.
    static func models() throws -> [(String, ZoneModel)] {
        [
            ("refinery", try DiagramFixtures.load(path: DiagramFixtures.refineryPath)),
            ("synthetic-10", try DiagramFixtures.synthetic(zones: 10)),
            ("synthetic-30", try DiagramFixtures.synthetic(zones: 30)),
            ("flagged", try DiagramFixtures.load(path: DiagramFixtures.flaggedPath)),
        ]
    }

    static func layout(_ model: ZoneModel) -> DiagramLayout {
        DiagramLayout.make(DiagramGraph(model: model, findings: Linter.lint(model)))
    }

    @Test(arguments: ["refinery", "synthetic-10", "synthetic-30", "flagged"])
    func everyZoneIsPlacedOnceAndNoBoxesOverlap(_ name: String) throws {
        let model = try #require(try Self.models().first { $0.0 == name }?.1)
        let layout = Self.layout(model)
        #expect(layout.zones.map(\.node.id) == model.zones.map(\.id))
        for (index, zone) in layout.zones.enumerated() {
            for other in layout.zones.dropFirst(index + 1) {
                #expect(!zone.outer.intersects(other.outer), "\(name): \(zone.node.id) overlaps \(other.node.id)")
            }
        }
    }

    @Test(arguments: ["refinery", "synthetic-10", "synthetic-30", "flagged"])
    func everyZoneLiesInTheBandsOfItsLevels(_ name: String) throws {
        let model = try #require(try Self.models().first { $0.0 == name }?.1)
        let layout = Self.layout(model)
        for zone in layout.zones {
            let covered = layout.bands[zone.bands]
            let expected = zone.node.purdue.map { range in PurdueLevel.all.filter(range.contains).sorted(by: >) } ?? []
            #expect(covered.compactMap(\.level) == expected, "\(name): \(zone.node.id) is in the wrong bands")
            if zone.node.purdue == nil { #expect(covered.map(\.level) == [nil]) }
            let top = covered.first!.frame
            let bottom = covered.last!.frame
            let span = Rect(x: top.x, y: top.y, width: top.width, height: bottom.maxY - top.y)
            #expect(span.contains(zone.outer), "\(name): \(zone.node.id) leaves its band")
            for line in zone.lines { #expect(zone.frame.contains(line.frame), "\(name): '\(line.text)' overflows \(zone.node.id)") }
        }
    }

    @Test(arguments: ["refinery", "synthetic-10", "synthetic-30", "flagged"])
    func conduitEndpointsTouchTheirZones(_ name: String) throws {
        let model = try #require(try Self.models().first { $0.0 == name }?.1)
        let layout = Self.layout(model)
        #expect(Set(layout.edges.map(\.link.conduitID)) == Set(model.conduits.map(\.id)))
        for edge in layout.edges {
            let first = try #require(layout.zone(edge.link.first)).frame
            let second = try #require(layout.zone(edge.link.second)).frame
            #expect(first.touchesBorder(edge.start), "\(name): \(edge.link.conduitID) does not start on \(edge.link.first)")
            #expect(second.touchesBorder(edge.end), "\(name): \(edge.link.conduitID) does not end on \(edge.link.second)")
        }
    }

    @Test(arguments: ["refinery", "synthetic-10", "synthetic-30", "flagged"])
    func labelsOverlapNoBoxAndNoOtherLabel(_ name: String) throws {
        let model = try #require(try Self.models().first { $0.0 == name }?.1)
        let layout = Self.layout(model)
        let page = Rect(x: 0, y: 0, width: layout.width, height: layout.height)
        for (index, edge) in layout.edges.enumerated() {
            let label = edge.label.frame
            #expect(page.contains(label))
            for zone in layout.zones {
                #expect(!label.intersects(zone.outer), "\(name): label of \(edge.link.conduitID) covers \(zone.node.id)")
            }
            for other in layout.edges.dropFirst(index + 1) {
                #expect(!label.intersects(other.label.frame), "\(name): labels of \(edge.link.conduitID) and \(other.link.conduitID) overlap")
            }
            for band in layout.bands { for line in band.lines { #expect(!label.intersects(line.frame)) } }
            for line in edge.label.lines { #expect(label.contains(line.frame), "\(name): '\(line.text)' overflows its label") }
        }
    }

    @Test func refineryDrawsTheSeedArchitecture() throws {
        let layout = Self.layout(try DiagramFixtures.load(path: DiagramFixtures.refineryPath))
        let bpcs = try #require(layout.zone("Z2-BPCS"))
        #expect(bpcs.bands.count == 2, "Z2-BPCS (levels 1-2) spans two bands")
        let sis = try #require(layout.zone("Z1-SIS"))
        #expect(sis.isolation != nil && sis.node.safety && sis.node.airGapped)
        #expect(!layout.edges.contains { $0.link.first == "Z1-SIS" || $0.link.second == "Z1-SIS" })
        let diode = try #require(layout.edges.first { $0.link.conduitID == "C2-OPS-DMZ" })
        #expect(diode.link.diodeSource == "Z3-OPS" && diode.diodeSymbol != nil)
        #expect(diode.arrowheads.count == 1, "a diode conduit is drawn one way")
        let dmz = try #require(layout.zone("Z4-DMZ")).frame
        #expect(dmz.touchesBorder(diode.arrowheads[0][0]), "the diode's arrow points at the DMZ")
        let control = try #require(layout.edges.first { $0.link.conduitID == "C1-BPCS-OPS" })
        #expect(control.arrowheads.count == 2)
        #expect(control.label.lines.map(\.text) == ["C1-BPCS-OPS · SL 2", "OPC UA tcp/4840 ↑", "Modbus/TCP tcp/502 ↓"])
        let ent = try #require(layout.zone("Z5-ENT"))
        #expect(ent.lines.map(\.text).contains("SL-T 1") && ent.lines.map(\.text).contains("1 asset · level 4"))
    }

    @Test func lintErrorsMarkTheirZonesAndConduits() throws {
        let model = try DiagramFixtures.load(path: DiagramFixtures.flaggedPath)
        let findings = Linter.lint(model)
        let graph = DiagramGraph(model: model, findings: findings)
        #expect(graph.nodes.filter(\.hasLintError).map(\.id) == ["Z-CTL"])
        #expect(graph.links.filter(\.hasLintError).map(\.conduitID) == ["C-BYPASS", "C-LAB"])
        let svg = SVGRenderer.render(DiagramLayout.make(graph))
        #expect(svg.contains("class=\"zone error\" data-zone=\"Z-CTL\""))
        #expect(svg.contains("class=\"zone\" data-zone=\"Z-ENT\""))
        #expect(svg.contains("class=\"conduit error\" data-conduit=\"C-BYPASS\""))
        #expect(svg.contains("Control with a &quot;quoted&quot; &amp; &lt;odd&gt; name"))
        let clean = SVGRenderer.render(DiagramLayout.make(DiagramGraph(model: model, findings: [])))
        #expect(!clean.contains("error\" data-zone") && !clean.contains("error\" data-conduit"))
    }

    @Test func wideBandsWrapIntoRowsOfFourColumns() throws {
        let layout = Self.layout(try DiagramFixtures.synthetic(zones: 30))
        let columns = Set(layout.zones.map(\.frame.x))
        #expect(columns.count == 4)
        #expect(layout.width <= 1200, "fits an A4 page at a readable scale")
    }
}
