import Foundation

/// Writes the graph in Graphviz DOT, one cluster per Purdue level, for people who lay it out with Graphviz.
public enum DOTRenderer {
    public static func render(_ graph: DiagramGraph) -> String {
        var lines = [
            "digraph zones {",
            "  graph [label=\(quote(graph.title)), labelloc=t, fontname=\"DejaVu Sans\", rankdir=TB, newrank=true];",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"DejaVu Sans\", fontsize=10];",
            "  edge [fontname=\"DejaVu Sans\", fontsize=9];",
        ]
        for group in LevelGroups.groups(graph) {
            lines.append("  subgraph cluster_\(group.key) {")
            lines.append("    label=\(quote(group.title)); style=filled; fillcolor=\"#f1f5f9\"; color=\"#cbd5e1\";")
            for node in group.nodes {
                var attributes = ["label=\(quote(LevelGroups.nodeLines(node).joined(separator: "\n")))"]
                if node.safety { attributes.append("fillcolor=\"#fef3c7\"") }
                if node.airGapped { attributes.append("peripheries=2"); attributes.append("style=\"rounded,filled,dashed\"") }
                if node.hasLintError { attributes.append("color=\"#dc2626\""); attributes.append("penwidth=3") }
                lines.append("    \(quote(node.id)) [\(attributes.joined(separator: ", "))];")
            }
            lines.append("  }")
        }
        for link in graph.links {
            let forward = link.arrives(at: link.second)
            let backward = link.arrives(at: link.first)
            let direction = forward && backward ? "both" : forward ? "forward" : backward ? "back" : "none"
            var attributes = ["label=\(quote(LevelGroups.linkLines(link).joined(separator: "\n")))", "dir=\(direction)"]
            if link.diodeSource != nil { attributes.append("penwidth=3"); attributes.append("arrowhead=normal"); attributes.append("color=\"#1e3a8a\"") }
            if link.services.isEmpty { attributes.append("style=dashed") }
            if link.hasLintError { attributes.append("color=\"#dc2626\""); attributes.append("fontcolor=\"#dc2626\"") }
            lines.append("  \(quote(link.first)) -> \(quote(link.second)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT string literal; newlines become DOT's centred line breaks.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
