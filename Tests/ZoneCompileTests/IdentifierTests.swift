import Testing

@testable import ZoneCompile

/// The byte-level form of `Identifier.safe` must give what the Character-level rule gives.
@Suite struct IdentifierTests {
    @Test(arguments: ["HOST-OBJ_001_OBJ_282", "PLC 01/rack", "a.b-c_d", "", "tab\there", "Ω-PLC", "e\u{301}", "x:y;z", "MiXeD09"])
    func safeMatchesTheCharacterRule(text: String) {
        let expected = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        #expect(Identifier.safe(text) == expected)
    }
}
