import Foundation
import ZoneCore

/// How `zonectl diagram` writes the zone/conduit diagram.
public enum DiagramFormat: String, CaseIterable, Sendable {
    /// Laid out by zonectl: Purdue bands, zone boxes and conduit edges.
    case svg
    /// Graphviz DOT, one cluster per level.
    case dot
    /// A Mermaid flowchart, one subgraph per level.
    case mermaid

    public func render(model: ZoneModel, findings: [Finding]) -> String {
        let graph = DiagramGraph(model: model, findings: findings)
        switch self {
        case .svg: return SVGRenderer.render(DiagramLayout.make(graph))
        case .dot: return DOTRenderer.render(graph)
        case .mermaid: return MermaidRenderer.render(graph)
        }
    }
}
