import Testing
import ZoneDiagram

@Suite struct TextMetricsTests {
    @Test func wrapBreaksAtSpacesAndShortensTheLastLine() {
        let lines = TextMetrics.wrap("Safety Instrumented Systems of the whole north tank farm", maxWidth: 120, size: 11, maxLines: 2)
        #expect(lines.count == 2)
        #expect(lines[0] == "Safety")
        #expect(lines[1].hasSuffix("…"))
        for line in lines { #expect(TextMetrics.width(line, size: 11) <= 120) }
    }

    @Test func fitKeepsShortTextAndCutsLongText() {
        #expect(TextMetrics.fit("Z1-SIS", maxWidth: 100, size: 12) == "Z1-SIS")
        let cut = TextMetrics.fit(String(repeating: "W", count: 40), maxWidth: 100, size: 12)
        #expect(cut.hasSuffix("…") && TextMetrics.width(cut, size: 12) <= 100)
    }
}
