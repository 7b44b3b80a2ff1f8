import Foundation

/// Writes the graph as a Mermaid flowchart, one subgraph per Purdue level, for Markdown that renders Mermaid.
public enum MermaidRenderer {
    public static func render(_ graph: DiagramGraph) -> String {
        let names = nodeNames(graph)
        var lines = ["---", "title: \(quote(graph.title))", "---", "flowchart TB"]
        for group in LevelGroups.groups(graph) {
            lines.append("  subgraph \(group.key)[\(quote(group.title))]")
            for node in group.nodes {
                let open = node.airGapped ? "[[" : "["
                let close = node.airGapped ? "]]" : "]"
                lines.append("    \(names[node.id]!)\(open)\(quote(LevelGroups.nodeLines(node).joined(separator: "<br/>")))\(close)")
            }
            lines.append("  end")
        }
        var linkStyles: [String] = []
        for (index, link) in graph.links.enumerated() {
            let forward = link.arrives(at: link.second)
            let backward = link.arrives(at: link.first)
            let thick = link.diodeSource != nil
            let arrow: String
            switch (forward, backward) {
            case (true, true): arrow = thick ? "<==>" : "<-->"
            case (true, false): arrow = thick ? "==>" : "-->"
            case (false, true): arrow = thick ? "<==" : "<--"
            case (false, false): arrow = link.services.isEmpty ? "-.-" : "---"
            }
            let text = quote(LevelGroups.linkLines(link).joined(separator: "<br/>"))
            lines.append("  \(names[link.first]!) \(arrow)|\(text)| \(names[link.second]!)")
            if link.hasLintError { linkStyles.append("  linkStyle \(index) stroke:#dc2626,stroke-width:3px") }
        }
        let flaggedNodes = graph.nodes.filter(\.hasLintError).map { names[$0.id]! }
        let safetyNodes = graph.nodes.filter(\.safety).map { names[$0.id]! }
        lines.append("  classDef safety fill:#fef3c7")
        lines.append("  classDef lintError stroke:#dc2626,stroke-width:3px")
        if !safetyNodes.isEmpty { lines.append("  class \(safetyNodes.joined(separator: ",")) safety") }
        if !flaggedNodes.isEmpty { lines.append("  class \(flaggedNodes.joined(separator: ",")) lintError") }
        lines += linkStyles
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid node names from zone ids: letters, digits and underscores, numbered when two ids collide.
    static func nodeNames(_ graph: DiagramGraph) -> [String: String] {
        var names: [String: String] = [:]
        var used: Set<String> = []
        for node in graph.nodes where names[node.id] == nil {
            var name = "z_" + String(node.id.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
            if used.contains(name) { name += "_\(node.order)" }
            used.insert(name)
            names[node.id] = name
        }
        return names
    }

    /// A Mermaid quoted label; quotes become the `#quot;` entity Mermaid reads back.
    static func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "#quot;") + "\"" }
}
