import Foundation

/// Draws each conduit link as a straight line between the borders of its zones, with arrowheads, a diode symbol
/// and a label placed clear of every box; labels with no room near their edge go under the bands.
struct EdgeRouter {
    private let boxes: [String: DiagramLayout.ZoneBox]
    private let area: Rect
    private var obstacles = ObstacleGrid()
    private var overflowX: Double
    private var overflowY: Double
    private var overflowRowHeight = 0.0
    /// The lowest point used under the bands, where the legend may start.
    private(set) var overflowBottom: Double

    init(zones: [DiagramLayout.ZoneBox], area: Rect) {
        boxes = Dictionary(zones.map { ($0.node.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.area = area
        for zone in zones { obstacles.insert(zone.outer.insetBy(-3)) }
        overflowX = area.x
        overflowY = area.maxY + 12
        overflowBottom = area.maxY
    }

    mutating func route(_ links: [DiagramGraph.Link]) -> [DiagramLayout.Edge] {
        var siblings: [String: Int] = [:]
        var seen: [String: Int] = [:]
        for link in links { siblings[pairKey(link), default: 0] += 1 }
        var edges: [DiagramLayout.Edge] = []
        var pending: [(DiagramGraph.Link, Point, Point, [[Point]], (triangle: [Point], bar: [Point])?)] = []
        for link in links {
            guard let first = boxes[link.first], let second = boxes[link.second] else { continue }
            let key = pairKey(link)
            let index = seen[key, default: 0]
            seen[key] = index + 1
            let (start, end) = endpoints(first.frame, second.frame, sibling: index, of: siblings[key] ?? 1)
            let direction = (end - start).unit
            var arrowheads: [[Point]] = []
            if link.arrives(at: link.second) { arrowheads.append(arrowhead(at: end, pointing: direction)) }
            if link.arrives(at: link.first) { arrowheads.append(arrowhead(at: start, pointing: direction * -1)) }
            var diode: (triangle: [Point], bar: [Point])?
            if let source = link.diodeSource {
                let middle = start + (end - start) * 0.5
                diode = diodeSymbol(at: middle, pointing: source == link.first ? direction : direction * -1)
                obstacles.insert(Rect(x: middle.x - 10, y: middle.y - 10, width: 20, height: 20))
            }
            pending.append((link, start, end, arrowheads, diode))
        }
        for (link, start, end, arrowheads, diode) in pending {
            edges.append(DiagramLayout.Edge(
                link: link, start: start, end: end, arrowheads: arrowheads, diodeSymbol: diode,
                label: label(for: link, from: start, to: end)))
        }
        return edges
    }

    private func pairKey(_ link: DiagramGraph.Link) -> String {
        link.first < link.second ? link.first + "\u{0}" + link.second : link.second + "\u{0}" + link.first
    }

    /// Border points of two boxes on the line between their centres, shifted sideways for parallel conduits.
    private func endpoints(_ first: Rect, _ second: Rect, sibling: Int, of count: Int) -> (Point, Point) {
        let direction = (second.center - first.center).unit
        let limit = min(first.width, first.height, second.width, second.height) / 2 - 4
        let shift = max(-limit, min(limit, (Double(sibling) - Double(count - 1) / 2) * 18))
        let offset = direction.perpendicular * shift
        return (first.exit(from: first.center + offset, along: direction), second.exit(from: second.center + offset, along: direction * -1))
    }

    private func arrowhead(at tip: Point, pointing direction: Point) -> [Point] {
        let base = tip - direction * 11
        let side = direction.perpendicular * 5
        return [tip, base + side, base - side]
    }

    private func diodeSymbol(at center: Point, pointing direction: Point) -> (triangle: [Point], bar: [Point]) {
        let side = direction.perpendicular * 7
        let tip = center + direction * 7
        let back = center - direction * 7
        return ([tip, back + side, back - side], [tip + side, tip - side])
    }

    private func labelLines(for link: DiagramGraph.Link) -> [(String, TextLine.Style)] {
        var lines = [(link.heading, TextLine.Style.labelHeading)]
        for service in link.services.prefix(Metrics.labelMaxServices) {
            lines.append((service.text + " " + arrowGlyph(service), .label))
        }
        if link.services.count > Metrics.labelMaxServices {
            lines.append(("+\(link.services.count - Metrics.labelMaxServices) more", .label))
        }
        if link.services.isEmpty { lines.append(("no channels", .label)) }
        return lines
    }

    /// The direction of a service as seen on the page: up, down, left or right.
    private func arrowGlyph(_ service: DiagramGraph.Service) -> String {
        guard let from = boxes[service.from]?.frame.center, let to = boxes[service.to]?.frame.center else { return "→" }
        let delta = to - from
        let vertical = abs(delta.y) >= abs(delta.x)
        if service.bidirectional { return vertical ? "↕" : "↔" }
        if vertical { return delta.y < 0 ? "↑" : "↓" }
        return delta.x > 0 ? "→" : "←"
    }

    private mutating func label(for link: DiagramGraph.Link, from start: Point, to end: Point) -> DiagramLayout.Label {
        let texts = labelLines(for: link)
        let width = texts.map { TextMetrics.width($0.0, size: TextMetrics.fontSize($0.1)) }.max()! + 10
        let height = Double(texts.count) * Metrics.labelLineHeight + 6
        let middle = start + (end - start) * 0.5
        if let frame = freeFrame(width: width, height: height, start: start, end: end) {
            obstacles.insert(frame)
            let touches = distance(from: frame, toSegment: start, end) < 1
            return DiagramLayout.Label(frame: frame, lines: place(texts, in: frame), leader: touches ? nil : [frame.center, middle])
        }
        if overflowX + width > area.maxX && overflowX > area.x {
            overflowX = area.x
            overflowY += overflowRowHeight + 8
            overflowRowHeight = 0
        }
        let frame = Rect(x: overflowX, y: overflowY, width: width, height: height)
        overflowX += width + 10
        overflowRowHeight = max(overflowRowHeight, height)
        overflowBottom = max(overflowBottom, frame.maxY)
        return DiagramLayout.Label(frame: frame, lines: place(texts, in: frame), leader: [Point(x: frame.center.x, y: frame.y), middle])
    }

    /// The first position, nearest the middle of the edge, where the label hits nothing and stays in the bands.
    private func freeFrame(width: Double, height: Double, start: Point, end: Point) -> Rect? {
        func fits(_ frame: Rect) -> Bool { area.insetBy(2).contains(frame) && !obstacles.collides(frame) }
        for fraction in [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8] {
            let point = start + (end - start) * fraction
            let candidates = [
                Rect(x: point.x - width / 2, y: point.y - height / 2, width: width, height: height),
                Rect(x: point.x + 6, y: point.y - height / 2, width: width, height: height),
                Rect(x: point.x - 6 - width, y: point.y - height / 2, width: width, height: height),
            ]
            if let frame = candidates.first(where: fits) { return frame }
        }
        let middle = start + (end - start) * 0.5
        for (dx, dy) in Self.searchOffsets {
            let frame = Rect(x: middle.x + dx - width / 2, y: middle.y + dy - height / 2, width: width, height: height)
            if fits(frame) { return frame }
        }
        return nil
    }

    /// Offsets around an edge's middle, nearest first, where a crowded label may go.
    private static let searchOffsets: [(Double, Double)] = {
        var offsets: [(Double, Double)] = []
        for dx in stride(from: -360.0, through: 360, by: 24) {
            for dy in stride(from: -180.0, through: 180, by: 12) { offsets.append((dx, dy)) }
        }
        return offsets.sorted { ($0.0 * $0.0 + $0.1 * $0.1, $0.1, $0.0) < ($1.0 * $1.0 + $1.1 * $1.1, $1.1, $1.0) }
    }()

    private func place(_ texts: [(String, TextLine.Style)], in frame: Rect) -> [TextLine] {
        texts.enumerated().map { index, entry in
            TextLine(text: entry.0, anchor: Point(x: frame.x + 5, y: frame.y + 14 + Metrics.labelLineHeight * Double(index)), style: entry.1)
        }
    }

    private func distance(from frame: Rect, toSegment start: Point, _ end: Point) -> Double {
        var best = Double.infinity
        for fraction in stride(from: 0.0, through: 1.0, by: 0.05) {
            let point = start + (end - start) * fraction
            let dx = max(frame.x - point.x, 0, point.x - frame.maxX)
            let dy = max(frame.y - point.y, 0, point.y - frame.maxY)
            best = min(best, (dx * dx + dy * dy).squareRoot())
        }
        return best
    }
}
