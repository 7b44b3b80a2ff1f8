import Foundation

/// The key under the diagram: one sample and one sentence per kind of mark.
enum LegendBuilder {
    static let entries: [(DiagramLayout.LegendItem.Kind, String)] = [
        (.badge, "security level target"),
        (.arrow, "conduit; arrow where connections are opened"),
        (.diode, "data diode: one way only"),
        (.airGap, "air-gapped zone"),
        (.safety, "safety-designated zone"),
        (.lintError, "zone or conduit with lint errors"),
    ]

    static func items(top: Double, left: Double, width: Double) -> [DiagramLayout.LegendItem] {
        var items: [DiagramLayout.LegendItem] = []
        var x = left
        var y = top
        for (kind, text) in entries {
            let textWidth = TextMetrics.width(text, size: TextMetrics.fontSize(.legend))
            let itemWidth = 40 + textWidth + 22
            if x + itemWidth > left + width && x > left {
                x = left
                y += 24
            }
            let sample = Rect(x: x, y: y, width: 32, height: 16)
            items.append(.init(kind: kind, sample: sample, text: TextLine(text: text, anchor: Point(x: x + 40, y: y + 12), style: .legend)))
            x += itemWidth
        }
        return items
    }
}
