import Testing
@_spi(Testing) @testable import ZoneCore

/// Large models are read in pieces on every core; whatever the text, the result must be what reading it whole
/// gives, and a text that does not parse must fail with the whole text's error.
@Suite struct YAMLPiecesTests {
    private func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer(body)
    }

    private func outlines(_ text: String) throws -> (pieced: String?, whole: String) {
        try withBytes(text) { bytes in
            let cuts = try #require(YAMLCuts(bytes, pieces: 4, minimumSize: 0), "the text should be cut")
            return (YAMLDocument.parseInPieces(bytes, cuts, alongside: {}).0?.outline, try YAMLDocument.parseWhole(bytes).outline)
        }
    }

    /// A model far above the size from which texts are cut, with top-level keys after the conduits.
    private var largeModel: String {
        SyntheticModel.yaml(zones: 60, assetsPerZone: 10, conduits: 900)
            + "devices:\n  firewalls:\n    - name: FW-1\n      platform: nftables\n      interfaces:\n        - {name: eth0, zone: Z0-L1}\n"
    }

    @Test func aLargeModelReadsInPiecesExactlyAsWhole() throws {
        let text = largeModel
        try withBytes(text) { bytes in
            let cuts = try #require(YAMLCuts(bytes, pieces: 4))
            #expect(cuts.items.count >= 2 && cuts.tail != nil)
            let pieced = try #require(YAMLDocument.parseInPieces(bytes, cuts, alongside: {}).0)
            #expect(pieced.outline == (try YAMLDocument.parseWhole(bytes).outline))
        }
        let loaded = ModelLoader.load(yaml: text, file: "large.yaml")
        #expect(!loaded.isInvalid && loaded.model?.conduits.count == 900 && loaded.model?.firewalls.count == 1)
    }

    @Test func smallTextsAndUnsafeTextsAreReadWhole() {
        let item = "  - {zone_id: Z1, purdue_level: 3}\n"
        let body = String(repeating: item, count: 3000)
        let cases: [(String, String)] = [
            ("small", "zones:\n" + item + item),
            ("anchor", "zones:\n  - &first {zone_id: Z0}\n" + body),
            ("carriage return", "zones:\r\n" + body),
            ("document marker", "---\nzones:\n" + body),
            ("directive", "%YAML 1.1\n---\nzones:\n" + body),
            ("flow mapping", "{zones: [\n" + body + "]}\n"),
            ("line separator", "zones:\n  - {zone_id: \"Z\u{2028}1\"}\n" + body),
            ("sequence at column 0", "zones:\n" + String(repeating: "- {zone_id: Z1}\n", count: 3000)),
        ]
        for (name, text) in cases {
            withBytes(text) { bytes in #expect(YAMLCuts(bytes, pieces: 4) == nil, "\(name)") }
        }
    }

    @Test func aQuotedScalarAcrossACutIsReadWhole() throws {
        let inside = String(repeating: "  - inside\n", count: 400)
        let text = "items:\n  - first\n  - \"open\n" + inside + "  - closed\"\n  - last\n"
        let (pieced, whole) = try outlines(text)
        #expect(pieced == nil, "a piece ending inside the quotes does not parse")
        let parsed = try withBytes(text) { bytes in try YAMLDocument.parse(bytes).outline }
        #expect(parsed == whole)
    }

    @Test func aFlowSequenceAcrossACutIsNotJoined() throws {
        let text = "items:\n  - [a,\n" + String(repeating: "  - b,\n", count: 400) + "  c]\n  - last\n"
        try withBytes(text) { bytes in
            let cuts = try #require(YAMLCuts(bytes, pieces: 4, minimumSize: 0))
            #expect(YAMLDocument.parseInPieces(bytes, cuts, alongside: {}).0 == nil)
            #expect(PiecewiseReading.agrees(bytes))
        }
    }

    @Test func blockScalarsCommentsAndNestingSurviveCutting() throws {
        var text = "# plant model\nfacility: test\nconduits:\n"
        for index in 0..<300 {
            text += "  # conduit \(index)\n  - conduit_id: C\(index)\n    note: |\n      line one\n       - indented\n\n"
            text += "    channels:\n    - {protocol: HTTPS}\n    - - nested\n      - deeper\n"
        }
        text += "devices: {}\n# trailing comment\n"
        let (pieced, whole) = try outlines(text)
        #expect(pieced == whole)
    }

    @Test func errorsInLaterPiecesKeepTheWholeTextsPosition() throws {
        var lines = largeModel.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let broken = lines.count - 20
        lines[broken] = "      - {protocol: \"unterminated"
        let text = lines.joined(separator: "\n")
        try withBytes(text) { bytes in
            #expect(YAMLCuts(bytes, pieces: 4) != nil)
            var wholeError: YAMLSyntaxError?
            do throws(YAMLSyntaxError) { _ = try YAMLDocument.parseWhole(bytes) } catch { wholeError = error }
            var piecedError: YAMLSyntaxError?
            do throws(YAMLSyntaxError) { _ = try YAMLDocument.parse(bytes) } catch { piecedError = error }
            let expected = try #require(wholeError)
            let found = try #require(piecedError)
            #expect(found.line == expected.line && found.column == expected.column && found.problem == expected.problem)
        }
    }

    @Test func aKeyRepeatedAfterTheLargeSequenceIsReported() {
        let text = largeModel + "zones: []\n"
        withBytes(text) { bytes in
            #expect(YAMLCuts(bytes, pieces: 4) != nil)
            #expect(throws: YAMLSyntaxError.self) { try YAMLDocument.parse(bytes) }
            do throws(YAMLSyntaxError) {
                _ = try YAMLDocument.parse(bytes)
            } catch {
                let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                #expect(error.kind == .duplicateKey && error.line == lastLine)
            }
        }
    }

    @Test func theFuzzCheckHoldsForAssortedTexts() {
        let texts = [
            "a: 1\nb:\n  - x\n  - y\n  - z\nc: 2\n",
            "a:\n  - 'x\n  - y'\n  - z\n",
            "a:\n  - x\n b\n  - y\n",
            "a:\n  - x\n  -\n  - - y\n    - z\nb: [1, 2]\n",
            "a:\n  - x\nb:\n  - y\na: 3\n",
            "a:\n  - x: 1\n    y: |\n      - not an item\n  - z\n",
        ]
        for text in texts {
            withBytes(text) { bytes in #expect(PiecewiseReading.agrees(bytes), "\(text)") }
        }
    }
}
