import Foundation
import ZoneCore

/// Zones grouped by the levels they cover, top of the Purdue model first: the clusters of DOT and Mermaid output.
enum LevelGroups {
    struct Group {
        let key: String
        let title: String
        let nodes: [DiagramGraph.Node]
    }

    static func groups(_ graph: DiagramGraph) -> [Group] {
        let grouped = Dictionary(grouping: graph.nodes) { $0.purdue }
        let ordered = grouped.keys.sorted { lhs, rhs in
            guard let lhs else { return false }
            guard let rhs else { return true }
            return (lhs.upper, lhs.lower) > (rhs.upper, rhs.lower)
        }
        return ordered.map { range in
            let key = range.map { "level_" + $0.description.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_") } ?? "level_unset"
            let title: String
            if let range {
                title = range.lower == range.upper ? "Level \(range) · \(PurdueNames.name(range.upper))" : "Levels \(range)"
            } else {
                title = PurdueNames.name(nil)
            }
            return Group(key: key, title: title, nodes: grouped[range]!.sorted { $0.order < $1.order })
        }
    }

    /// `Z2-BPCS`, name, `SL-T 2 · 19 assets` and markers: the node text of the text formats.
    static func nodeLines(_ node: DiagramGraph.Node) -> [String] {
        var detail = "SL-T \(node.securityLevelTarget ?? "?") · \(node.assetCount) asset\(node.assetCount == 1 ? "" : "s")"
        if node.safety { detail += " · safety" }
        if node.airGapped { detail += " · air-gapped" }
        return [node.id, node.name, detail]
    }

    /// `C1-BPCS-OPS · SL 2` then one line per service with its direction, naming zones by id.
    static func linkLines(_ link: DiagramGraph.Link) -> [String] {
        var lines = [link.heading]
        for service in link.services {
            lines.append("\(service.text) \(service.from) \(service.bidirectional ? "↔" : "→") \(service.to)")
        }
        if let source = link.diodeSource { lines.append("data diode from \(source)") }
        return lines
    }
}
