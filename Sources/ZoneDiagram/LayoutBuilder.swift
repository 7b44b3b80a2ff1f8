import Foundation
import ZoneCore

/// Places zones in Purdue bands and routes conduits between them; see ``DiagramLayout``.
///
/// Zones take columns of a grid: a zone spanning levels reserves its column in every band it covers, and the
/// others fill the free columns of their band row by row, ordered by where their neighbours above sit so that
/// edges cross less. Labels go where they hit no box, diode symbol or other label.
struct LayoutBuilder {
    let graph: DiagramGraph
    private let levels: [PurdueLevel?]
    private let bandOf: [String: ClosedRange<Int>]

    init(graph: DiagramGraph) {
        self.graph = graph
        var levels: [PurdueLevel?] = PurdueLevel.all.sorted(by: >)
        if graph.nodes.contains(where: { $0.purdue == nil }) { levels.append(nil) }
        self.levels = levels
        let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        bandOf = Dictionary(
            graph.nodes.map { node in
                let range = node.purdue.map { index[$0.upper]!...index[$0.lower]! } ?? (levels.count - 1)...(levels.count - 1)
                return (node.id, range)
            }, uniquingKeysWith: { first, _ in first })
    }

    private struct Slot {
        let column: Int
        /// `nil` for a zone spanning bands: it takes its column in every row of them.
        let row: Int?
    }

    func build() -> DiagramLayout {
        let columns = columnCount()
        let (slots, rows) = assignSlots(columns: columns)
        let width = Metrics.margin * 2 + Metrics.labelColumn + Double(columns) * (Metrics.boxWidth + Metrics.columnGap)
        let bandsTop = Metrics.margin + Metrics.titleHeight
        var bands: [DiagramLayout.Band] = []
        var y = bandsTop
        for (index, level) in levels.enumerated() {
            let count = rows[index]
            let height = count == 0
                ? Metrics.emptyBandHeight
                : 2 * Metrics.bandPadding + Double(count) * Metrics.boxHeight + Double(count - 1) * Metrics.rowGap
            let frame = Rect(x: Metrics.margin, y: y, width: width - 2 * Metrics.margin, height: height)
            bands.append(DiagramLayout.Band(level: level, frame: frame, lines: bandLines(level, frame)))
            y += height
        }
        let bandsBottom = y
        var zones: [DiagramLayout.ZoneBox] = []
        for node in graph.nodes {
            guard let slot = slots[node.id], let span = bandOf[node.id] else { continue }
            let x = Metrics.margin + Metrics.labelColumn + Metrics.columnGap / 2 + Double(slot.column) * (Metrics.boxWidth + Metrics.columnGap)
            let frame: Rect
            if let row = slot.row {
                let top = bands[span.lowerBound].frame.y + Metrics.bandPadding + Double(row) * (Metrics.boxHeight + Metrics.rowGap)
                frame = Rect(x: x, y: top, width: Metrics.boxWidth, height: Metrics.boxHeight)
            } else {
                let top = bands[span.lowerBound].frame.y + Metrics.bandPadding
                frame = Rect(x: x, y: top, width: Metrics.boxWidth, height: bands[span.upperBound].frame.maxY - Metrics.bandPadding - top)
            }
            zones.append(ZoneBoxBuilder.box(node, frame: frame, bands: span))
        }
        let area = Rect(
            x: Metrics.margin + Metrics.labelColumn, y: bandsTop, width: width - 2 * Metrics.margin - Metrics.labelColumn,
            height: bandsBottom - bandsTop)
        var router = EdgeRouter(zones: zones, area: area)
        let edges = router.route(graph.links)
        let legendTop = router.overflowBottom + 14
        let legend = LegendBuilder.items(top: legendTop, left: Metrics.margin, width: width - 2 * Metrics.margin)
        let height = (legend.map(\.sample.maxY).max() ?? legendTop) + Metrics.margin
        return DiagramLayout(
            width: width, height: height, title: titleLines(width: width), bands: bands, zones: zones, edges: edges,
            legend: legend, description: description())
    }

    /// Four columns keep the page readable on A4; very large models get more so that bands do not grow too tall.
    private func columnCount() -> Int {
        var perBand = Array(repeating: 0, count: levels.count)
        var spanning = Array(repeating: 0, count: levels.count)
        for node in graph.nodes {
            guard let range = bandOf[node.id] else { continue }
            for band in range {
                perBand[band] += 1
                if range.count > 1 { spanning[band] += 1 }
            }
        }
        let widest = perBand.max() ?? 0
        let square = Int((Double(widest) * 2).squareRoot().rounded(.up))
        return max(Metrics.readableColumns, square, (spanning.max() ?? 0) + 1)
    }

    private func assignSlots(columns: Int) -> ([String: Slot], [Int]) {
        var slots: [String: Slot] = [:]
        var reserved = Array(repeating: Set<Int>(), count: levels.count)
        var rows = Array(repeating: 0, count: levels.count)
        var neighbours: [String: [String]] = [:]
        for link in graph.links {
            neighbours[link.first, default: []].append(link.second)
            neighbours[link.second, default: []].append(link.first)
        }
        func barycenter(_ node: DiagramGraph.Node) -> Double? {
            let placed = (neighbours[node.id] ?? []).compactMap { slots[$0]?.column }
            return placed.isEmpty ? nil : Double(placed.reduce(0, +)) / Double(placed.count)
        }
        for band in levels.indices {
            let starting = graph.nodes.filter { bandOf[$0.id]?.lowerBound == band && slots[$0.id] == nil }
                .map { (node: $0, key: barycenter($0)) }
                .sorted { ($0.key ?? .infinity, $0.node.order) < ($1.key ?? .infinity, $1.node.order) }
            for (node, key) in starting where bandOf[node.id]!.count > 1 {
                let span = bandOf[node.id]!
                let free = (0..<columns).filter { column in span.allSatisfy { !reserved[$0].contains(column) } }
                let wanted = key ?? 0
                guard let column = free.min(by: { (abs(Double($0) - wanted), $0) < (abs(Double($1) - wanted), $1) }) else { continue }
                for covered in span {
                    reserved[covered].insert(column)
                    rows[covered] = max(rows[covered], 1)
                }
                slots[node.id] = Slot(column: column, row: nil)
            }
            let singles = starting.map(\.node).filter { bandOf[$0.id]!.count == 1 }
            let free = (0..<columns).filter { !reserved[band].contains($0) }
            for (index, node) in singles.enumerated() {
                slots[node.id] = Slot(column: free[index % free.count], row: index / free.count)
            }
            if !singles.isEmpty { rows[band] = max(rows[band], (singles.count + free.count - 1) / free.count) }
        }
        return (slots, rows)
    }

    private func bandLines(_ level: PurdueLevel?, _ frame: Rect) -> [TextLine] {
        let room = Metrics.labelColumn - 16
        var lines = [TextLine(text: PurdueNames.heading(level), anchor: Point(x: frame.x + 10, y: frame.y + 21), style: .bandLevel)]
        let name = TextMetrics.fit(PurdueNames.name(level), maxWidth: room, size: TextMetrics.fontSize(.bandName))
        lines.append(TextLine(text: name, anchor: Point(x: frame.x + 10, y: frame.y + 36), style: .bandName))
        return lines
    }

    private func titleLines(width: Double) -> [TextLine] {
        let room = width - 2 * Metrics.margin
        let subtitle = "Zones and conduits by Purdue level: \(graph.nodes.count) zones, \(Set(graph.links.map(\.conduitID)).count) conduits"
        return [
            TextLine(text: TextMetrics.fit(graph.title, maxWidth: room, size: TextMetrics.fontSize(.title)),
                     anchor: Point(x: Metrics.margin, y: Metrics.margin + 17), style: .title),
            TextLine(text: subtitle, anchor: Point(x: Metrics.margin, y: Metrics.margin + 35), style: .legend),
        ]
    }

    private func description() -> String {
        let zones = graph.nodes.map(\.summary).joined(separator: ". ")
        let links = graph.links.map(\.summary).joined(separator: ". ")
        return "Zone and conduit diagram of \(graph.title). Zones: \(zones.isEmpty ? "none" : zones). Conduits: \(links.isEmpty ? "none" : links)."
    }
}
