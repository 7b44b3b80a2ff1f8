import Foundation

/// The contents of one zone box: id, SL-T badge, name, asset count and markers, each fitted to the box.
enum ZoneBoxBuilder {
    static func box(_ node: DiagramGraph.Node, frame: Rect, bands: ClosedRange<Int>) -> DiagramLayout.ZoneBox {
        let padding = Metrics.boxPadding
        let badgeText = "SL-T \(node.securityLevelTarget ?? "?")"
        let badgeWidth = TextMetrics.width(badgeText, size: TextMetrics.fontSize(.badge)) + 10
        let badge = Rect(x: frame.maxX - padding - badgeWidth, y: frame.y + 6, width: badgeWidth, height: 16)
        let idRoom = badge.x - frame.x - padding - 6
        var lines = [
            TextLine(text: badgeText, anchor: Point(x: badge.x + 5, y: badge.y + 12), style: .badge),
            TextLine(text: TextMetrics.fit(node.id, maxWidth: idRoom, size: TextMetrics.fontSize(.zoneID)),
                     anchor: Point(x: frame.x + padding, y: frame.y + 19), style: .zoneID),
        ]
        let room = frame.width - 2 * padding
        let nameLines = TextMetrics.wrap(node.name, maxWidth: room, size: TextMetrics.fontSize(.zoneName), maxLines: 2)
        for (index, text) in nameLines.enumerated() {
            lines.append(TextLine(text: text, anchor: Point(x: frame.x + padding, y: frame.y + 36 + 14 * Double(index)), style: .zoneName))
        }
        let level = node.purdue.map { "level \($0)" } ?? "level not set"
        let detail = "\(node.assetCount) asset\(node.assetCount == 1 ? "" : "s") · \(level)"
        lines.append(TextLine(text: TextMetrics.fit(detail, maxWidth: room, size: TextMetrics.fontSize(.zoneDetail)),
                              anchor: Point(x: frame.x + padding, y: frame.y + 66), style: .zoneDetail))
        let markers = [node.safety ? "⚠ safety" : nil, node.airGapped ? "air-gapped" : nil].compactMap { $0 }
        if !markers.isEmpty {
            lines.append(TextLine(text: TextMetrics.fit(markers.joined(separator: " · "), maxWidth: room, size: TextMetrics.fontSize(.zoneDetail)),
                                  anchor: Point(x: frame.x + padding, y: frame.y + 80), style: .zoneDetail))
        }
        let inset = -Metrics.isolationInset
        return DiagramLayout.ZoneBox(
            node: node, frame: frame, isolation: node.airGapped ? frame.insetBy(inset) : nil, badge: badge, lines: lines, bands: bands)
    }
}
