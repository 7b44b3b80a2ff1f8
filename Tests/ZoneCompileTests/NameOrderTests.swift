import Testing

@testable import ZoneCompile

/// Groups are declared in name order; the integer-key sort must give exactly the order of `String`'s `<`.
@Suite struct NameOrderTests {
    @Test func matchesStringOrderOnNamesWithALongSharedPrefix() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("AB_-09z")
        for round in 0..<200 {
            let prefix = round.isMultiple(of: 2) ? "HOST-OBJ_" : ""
            let names = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                prefix + String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            }
            let unique = Array(Set(names))
            #expect(NameOrder.sorted(unique, by: { $0 }) == unique.sorted(), "\(unique)")
        }
    }

    @Test func shorterNamesAndEqualKeysFallBackCorrectly() {
        let names = ["HOST-A", "HOST-", "HOST-AB", "HOST-ABCDEFGH1", "HOST-ABCDEFGH0", "HOST-ABCDEFGH", "HOST-B"]
        #expect(NameOrder.sorted(names, by: { $0 }) == names.sorted())
    }

    @Test func nonASCIINamesUseTheGeneralComparison() {
        let names = ["HOST-é", "HOST-e\u{301}x", "HOST-z", "HOST-Ω", "HOST-a"]
        #expect(NameOrder.sorted(names, by: { $0 }) == names.sorted())
    }
}
