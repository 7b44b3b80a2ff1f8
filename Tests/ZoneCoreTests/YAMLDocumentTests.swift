import Testing
@testable import ZoneCore

/// The loader's YAML reader: node kinds, positions, null handling, anchors and aliases.
@Suite struct YAMLDocumentTests {
    private func parse(_ text: String) throws -> YAMLDocument {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer in try YAMLDocument.parse(UnsafeBufferPointer(buffer)) }
    }

    @Test func kindsPositionsAndNulls() throws {
        let document = try parse("a: 1\nb:\n  - x\n  - 'null'\n  - ~\nc: {d: \"\"}\n")
        try document.withRootNode { root in try check(#require(root)) }
    }

    private func check(_ root: YAMLNode) {
        #expect(root.kind == .mapping)
        let pairs = root.pairs
        #expect(pairs.map { $0.key.scalarText } == ["a", "b", "c"])
        #expect(pairs[0].value.scalarText == "1" && pairs[0].value.line == 1 && pairs[0].value.column == 4)
        let items = pairs[1].value.items
        #expect(items.map(\.scalarText) == ["x", "null", "~"])
        #expect(items.map(\.isNull) == [false, false, true], "a quoted 'null' is text")
        #expect(items[2].line == 5 && items[2].column == 5)
        #expect(pairs[2].value.kind == .mapping && pairs[2].value.pairs[0].value.isNull == false)
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let document = try parse("base: &ports [502, 503]\nother: *ports\n")
        try document.withRootNode { root in
            let pairs = try #require(root).pairs
            #expect(pairs[1].value.items.map(\.scalarText) == ["502", "503"])
            #expect(pairs[1].value.id == pairs[0].value.id)
        }
    }

    @Test func aCollectionCannotContainItself() {
        #expect(throws: YAMLSyntaxError.self) { try parse("a: &loop [1, *loop]\n") }
        #expect(throws: YAMLSyntaxError.self) { try parse("&self {k: *self}\n") }
    }

    @Test func emptyStreamHasNoRoot() throws {
        #expect(try parse("").withRootNode { $0 == nil })
        #expect(try parse("# only a comment\n").withRootNode { $0 == nil })
        #expect(try parse("just text").withRootNode { $0?.scalarText } == "just text")
    }

    @Test func longMappingsAreCheckedForRepeatedKeysToo() {
        let keys = (1...20).map { "k\($0): v" } + ["k7: again"]
        #expect(throws: YAMLSyntaxError.self) { try parse(keys.joined(separator: "\n")) }
        #expect(throws: Never.self) { try parse(keys.dropLast().joined(separator: "\n")) }
    }

    @Test func modelWithAnchorsLoads() throws {
        let yaml = """
            zones:
              - {zone_id: Z1-OPS, purdue_level: 3, security_level_target: SL 2, network: {subnets: [198.18.1.0/24]}}
              - {zone_id: Z2-PLC, purdue_level: 1, security_level_target: SL 3, network: {subnets: [198.18.2.0/24]}}
            conduits:
              - conduit_id: C1
                connects: [Z1-OPS, Z2-PLC]
                security_level: SL 2
                protocols_allowed:
                  - &modbus {protocol: Modbus/TCP, direction: "Z1 -> Z2 (read only)"}
              - conduit_id: C2
                connects: [Z1-OPS, Z2-PLC]
                security_level: SL 2
                protocols_allowed:
                  - *modbus
            """
        let result = ModelLoader.load(yaml: yaml, file: "anchors.yaml")
        let model = try #require(result.model)
        #expect(!result.isInvalid, "\(result.findings)")
        #expect(model.conduits.map { $0.channels.count } == [1, 1])
        #expect(model.conduits[1].channels.first?.readOnly == true)
    }
}
