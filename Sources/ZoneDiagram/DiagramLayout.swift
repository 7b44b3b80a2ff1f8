import Foundation
import ZoneCore

/// The placed diagram: Purdue bands, zone boxes, conduit edges and labels, in diagram units.
///
/// ``DiagramLayout/make(_:)`` is a pure function of the graph, so the geometry can be checked directly (no two
/// boxes overlap, labels stay clear of boxes) and the SVG is byte-identical for the same model.
public struct DiagramLayout: Sendable {
    public struct Band: Sendable {
        /// `nil` for the band of zones whose level is not set.
        public let level: PurdueLevel?
        public let frame: Rect
        public let lines: [TextLine]
    }

    public struct ZoneBox: Sendable {
        public let node: DiagramGraph.Node
        public let frame: Rect
        /// The dashed ring drawn around an air-gapped zone; part of the space the zone occupies.
        public let isolation: Rect?
        public let badge: Rect?
        public let lines: [TextLine]
        /// Indexes into ``DiagramLayout/bands`` of the levels the box spans.
        public let bands: ClosedRange<Int>

        /// Everything the zone draws: the box, or the isolation ring around it.
        public var outer: Rect { isolation ?? frame }
    }

    public struct Label: Sendable {
        public let frame: Rect
        public let lines: [TextLine]
        /// A dotted line from a label placed away from its edge to the edge.
        public let leader: [Point]?
    }

    public struct Edge: Sendable {
        public let link: DiagramGraph.Link
        public let start: Point
        public let end: Point
        /// Triangles at the ends that receive connections.
        public let arrowheads: [[Point]]
        /// The diode triangle and its bar, pointing the one way traffic flows.
        public let diodeSymbol: (triangle: [Point], bar: [Point])?
        public let label: Label
    }

    public struct LegendItem: Sendable {
        public enum Kind: String, Sendable { case lintError, airGap, diode, safety, badge, arrow }
        public let kind: Kind
        public let sample: Rect
        public let text: TextLine
    }

    public let width: Double
    public let height: Double
    public let title: [TextLine]
    public let bands: [Band]
    public let zones: [ZoneBox]
    public let edges: [Edge]
    public let legend: [LegendItem]
    /// A sentence describing the whole diagram, for the SVG's description and the report's alt text.
    public let description: String

    public func zone(_ id: String) -> ZoneBox? { zones.first { $0.node.id == id } }

    public static func make(_ graph: DiagramGraph) -> DiagramLayout { LayoutBuilder(graph: graph).build() }
}

/// Sizes shared by the layout and the renderers.
enum Metrics {
    static let margin = 16.0
    static let titleHeight = 46.0
    static let labelColumn = 150.0
    static let boxWidth = 184.0
    static let boxHeight = 86.0
    static let columnGap = 64.0
    static let rowGap = 30.0
    static let bandPadding = 42.0
    static let emptyBandHeight = 46.0
    static let isolationInset = 7.0
    static let readableColumns = 4
    static let labelLineHeight = 14.0
    static let labelMaxServices = 4
    static let boxPadding = 8.0
}
