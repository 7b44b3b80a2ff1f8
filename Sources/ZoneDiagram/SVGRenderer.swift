import Foundation

/// Writes a ``DiagramLayout`` as SVG 1.1 with its own styles: no scripts, fonts or links to anything outside.
public enum SVGRenderer {
    public static func render(_ layout: DiagramLayout) -> String {
        var out = SVGWriter()
        out.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(layout.width))\" height=\"\(n(layout.height))\" "
                + "viewBox=\"0 0 \(n(layout.width)) \(n(layout.height))\" role=\"img\" aria-labelledby=\"diagram-title diagram-desc\" "
                + "font-family=\"'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif\">")
        out.line("<title id=\"diagram-title\">\(escape(layout.title.first?.text ?? "Zones and conduits")): zones and conduits</title>")
        out.line("<desc id=\"diagram-desc\">\(escape(layout.description))</desc>")
        out.line("<style>\(style)</style>")
        out.line("<rect class=\"page\" x=\"0\" y=\"0\" width=\"\(n(layout.width))\" height=\"\(n(layout.height))\"/>")
        for line in layout.title { out.text(line) }
        out.group("bands", layout.bands.enumerated()) { entry, out in
            let (index, band) = entry
            out.line("<g class=\"band\"><rect class=\"band-\(index % 2 == 0 ? "even" : "odd")\" \(rect(band.frame))/>")
            for line in band.lines { out.text(line) }
            out.line("</g>")
        }
        // Lines first, then boxes over them, then labels on top, so that labels are never hidden.
        out.group("conduits", layout.edges, edgeLine)
        out.group("zones", layout.zones, zoneBox)
        out.group("labels", layout.edges, edgeLabel)
        out.group("legend", layout.legend, legendItem)
        out.line("</svg>")
        return out.text
    }

    static let style = """
        .page{fill:#fff}.band-even{fill:#f1f5f9}.band-odd{fill:#e2e8f0}\
        text{fill:#111827}.t-title{font-size:17px;font-weight:bold}.t-bandLevel{font-size:12px;font-weight:bold}\
        .t-bandName{font-size:10px;fill:#374151}.t-zoneID{font-size:12px;font-weight:bold}.t-zoneName{font-size:11px}\
        .t-zoneDetail{font-size:11px;fill:#374151}.t-badge{font-size:10px;font-weight:bold;fill:#fff}\
        .t-labelHeading{font-size:11px;font-weight:bold}.t-label{font-size:11px}.t-legend{font-size:11px}\
        .zone rect.box{fill:#fff;stroke:#1f2937;stroke-width:1.5}.zone.safety rect.box{fill:#fef3c7}\
        .zone.error rect.box{stroke:#dc2626;stroke-width:3.5}.zone rect.badge{fill:#1e3a8a}\
        .zone rect.isolation{fill:none;stroke:#6b7280;stroke-width:1.5;stroke-dasharray:6 4}\
        .conduit line{stroke:#1f2937;stroke-width:1.8}.conduit polygon{fill:#1f2937}\
        .conduit.diode line{stroke:#1e3a8a;stroke-width:3}.conduit.diode polygon{fill:#1e3a8a}\
        .conduit.empty line{stroke-dasharray:4 3}.conduit.error line{stroke:#dc2626}.conduit.error polygon{fill:#dc2626}\
        .conduit .diode-symbol{fill:#fff;stroke:#1e3a8a;stroke-width:2}.conduit .diode-bar{stroke:#1e3a8a;stroke-width:3}\
        .label rect{fill:#fff;fill-opacity:0.94;stroke:#9ca3af;stroke-width:0.8}.label.error rect{stroke:#dc2626;stroke-width:1.5}\
        .label polyline{fill:none;stroke:#6b7280;stroke-width:1;stroke-dasharray:2 3}\
        .legend .sample-box{fill:#fff;stroke:#1f2937;stroke-width:1.5}
        """

    private static func zoneBox(_ zone: DiagramLayout.ZoneBox, _ out: inout SVGWriter) {
        let node = zone.node
        let classes = ["zone", node.safety ? "safety" : nil, node.airGapped ? "air-gapped" : nil, node.hasLintError ? "error" : nil]
        out.line("<g id=\"zone-\(escape(idToken(node.id)))\" class=\"\(classes.compactMap { $0 }.joined(separator: " "))\" data-zone=\"\(escape(node.id))\">")
        out.line("<title>\(escape(node.summary))</title>")
        if let isolation = zone.isolation { out.line("<rect class=\"isolation\" \(rect(isolation)) rx=\"8\"/>") }
        out.line("<rect class=\"box\" \(rect(zone.frame)) rx=\"4\"/>")
        if let badge = zone.badge { out.line("<rect class=\"badge\" \(rect(badge)) rx=\"3\"/>") }
        for line in zone.lines { out.text(line) }
        out.line("</g>")
    }

    private static func edgeClasses(_ edge: DiagramLayout.Edge) -> String {
        let link = edge.link
        return [link.diodeSource != nil ? "diode" : nil, link.services.isEmpty ? "empty" : nil, link.hasLintError ? "error" : nil]
            .compactMap { $0 }.joined(separator: " ")
    }

    private static func edgeLine(_ edge: DiagramLayout.Edge, _ out: inout SVGWriter) {
        out.line("<g class=\"conduit \(edgeClasses(edge))\" data-conduit=\"\(escape(edge.link.conduitID))\">")
        out.line("<title>\(escape(edge.link.summary))</title>")
        out.line("<line x1=\"\(n(edge.start.x))\" y1=\"\(n(edge.start.y))\" x2=\"\(n(edge.end.x))\" y2=\"\(n(edge.end.y))\"/>")
        for head in edge.arrowheads { out.line("<polygon points=\"\(points(head))\"/>") }
        if let diode = edge.diodeSymbol {
            out.line("<polygon class=\"diode-symbol\" points=\"\(points(diode.triangle))\"/>")
            out.line("<polyline class=\"diode-bar\" points=\"\(points(diode.bar))\"/>")
        }
        out.line("</g>")
    }

    private static func edgeLabel(_ edge: DiagramLayout.Edge, _ out: inout SVGWriter) {
        out.line("<g class=\"label\(edge.link.hasLintError ? " error" : "")\">")
        if let leader = edge.label.leader { out.line("<polyline points=\"\(points(leader))\"/>") }
        out.line("<rect \(rect(edge.label.frame)) rx=\"3\"/>")
        for line in edge.label.lines { out.text(line) }
        out.line("</g>")
    }

    private static func legendItem(_ item: DiagramLayout.LegendItem, _ out: inout SVGWriter) {
        let box = item.sample
        let middle = box.y + box.height / 2
        switch item.kind {
        case .badge:
            out.line("<rect \(rect(box)) rx=\"3\" fill=\"#1e3a8a\"/><text x=\"\(n(box.x + 3))\" y=\"\(n(box.y + 12))\" class=\"t-badge\">SL-T</text>")
        case .arrow:
            out.line("<g class=\"conduit\"><line x1=\"\(n(box.x))\" y1=\"\(n(middle))\" x2=\"\(n(box.maxX))\" y2=\"\(n(middle))\"/>"
                + "<polygon points=\"\(points([Point(x: box.maxX, y: middle), Point(x: box.maxX - 11, y: middle - 5), Point(x: box.maxX - 11, y: middle + 5)]))\"/></g>")
        case .diode:
            let center = Point(x: box.center.x, y: middle)
            out.line("<g class=\"conduit diode\"><line x1=\"\(n(box.x))\" y1=\"\(n(middle))\" x2=\"\(n(box.maxX))\" y2=\"\(n(middle))\"/>"
                + "<polygon class=\"diode-symbol\" points=\"\(points([center + Point(x: 7, y: 0), center + Point(x: -7, y: -7), center + Point(x: -7, y: 7)]))\"/>"
                + "<polyline class=\"diode-bar\" points=\"\(points([center + Point(x: 7, y: -7), center + Point(x: 7, y: 7)]))\"/></g>")
        case .airGap:
            out.line("<g class=\"zone\"><rect class=\"isolation\" \(rect(box)) rx=\"6\"/><rect class=\"box\" \(rect(box.insetBy(4))) rx=\"2\"/></g>")
        case .safety:
            out.line("<g class=\"zone safety\"><rect class=\"box\" \(rect(box)) rx=\"3\"/><text x=\"\(n(box.x + 9))\" y=\"\(n(box.y + 12))\" class=\"t-zoneDetail\">⚠</text></g>")
        case .lintError:
            out.line("<g class=\"zone error\"><rect class=\"box\" \(rect(box)) rx=\"3\"/></g>")
        }
        out.text(item.text)
    }

    // MARK: - Formatting

    static func rect(_ rect: Rect) -> String {
        "x=\"\(n(rect.x))\" y=\"\(n(rect.y))\" width=\"\(n(rect.width))\" height=\"\(n(rect.height))\""
    }

    static func points(_ points: [Point]) -> String { points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ") }

    /// A coordinate with at most one decimal, written the same on every platform and locale.
    static func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    static func escape(_ text: String) -> String { XMLEscaping.escape(text) }

    /// A zone id usable in an XML id attribute.
    static func idToken(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}

/// Collects SVG lines.
struct SVGWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }

    /// A `<g>` of the given class holding one drawing per item.
    mutating func group<Items: Sequence>(_ name: String, _ items: Items, _ draw: (Items.Element, inout SVGWriter) -> Void) {
        line("<g class=\"\(name)\">")
        for item in items { draw(item, &self) }
        line("</g>")
    }

    mutating func text(_ line: TextLine) {
        self.line("<text x=\"\(SVGRenderer.n(line.anchor.x))\" y=\"\(SVGRenderer.n(line.anchor.y))\" class=\"t-\(line.style.rawValue)\">\(SVGRenderer.escape(line.text))</text>")
    }
}
