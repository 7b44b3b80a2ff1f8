import Foundation

/// Who may initiate what to whom, at zone level, and the paths through zones that forward.
///
/// A zone forwards when a host in it that is reached can go on to open connections of its own (every zone but one that
/// terminates traffic: a 3.5 DMZ, or `terminates: true`). `assumeCompromise` makes every zone forward, which is the
/// attacker's view: a DMZ host that is taken over no longer terminates anything.
public struct ReachabilityGraph: Sendable {
    /// One hop: services that `from` may initiate to `to`, through the conduits that carry them.
    public struct Edge: Hashable, Sendable {
        public let from: String
        public let to: String
        public let conduits: [String]
        public let services: [String]
    }

    public let zoneIDs: [String]
    public let edges: [Edge]
    private let forwarding: Set<String>
    private let adjacency: [String: [Edge]]

    public init(model: ZoneModel, assumeCompromise: Bool = false) {
        var labels: [String: (conduits: Set<String>, services: [String])] = [:]
        for conduit in model.conduits {
            for channel in conduit.channels {
                for (from, to) in ModelQueries.initiations(of: channel) {
                    let key = from + "\u{0}" + to
                    let service = "\(channel.protocolName) \(channel.ports.map(\.description).joined(separator: ","))"
                    var entry = labels[key] ?? ([], [])
                    entry.conduits.insert(conduit.id)
                    if !entry.services.contains(service) { entry.services.append(service) }
                    labels[key] = entry
                }
            }
        }
        edges = labels.map { key, value in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            return Edge(from: parts[0], to: parts[1], conduits: value.conduits.sorted(), services: value.services)
        }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        zoneIDs = model.zones.map(\.id)
        forwarding = Set(model.zones.filter { assumeCompromise || !$0.terminatesTraffic }.map(\.id))
        adjacency = Dictionary(grouping: edges, by: \.from)
    }

    /// Zones reachable from `start` through forwarding zones (not counting `start` itself).
    public func reachable(from start: String) -> Set<String> {
        var seen: Set<String> = [start]
        var queue = [start]
        var index = 0
        while index < queue.count {
            let zone = queue[index]
            index += 1
            guard zone == start || forwarding.contains(zone) else { continue }
            for edge in adjacency[zone] ?? [] where seen.insert(edge.to).inserted {
                queue.append(edge.to)
            }
        }
        seen.remove(start)
        return seen
    }

    /// Every simple path from `source` to `target` whose intermediate zones forward, shortest first,
    /// at most `limit` of them.
    public func paths(from source: String, to target: String, limit: Int = 100) -> [[Edge]] {
        var results: [[Edge]] = []
        var current: [Edge] = []
        var visited: Set<String> = [source]
        // Depth-first search bounded by the reachable set, so that hopeless branches are cut early.
        func explore(_ zone: String) {
            guard results.count < limit else { return }
            for edge in adjacency[zone] ?? [] where !visited.contains(edge.to) {
                current.append(edge)
                if edge.to == target {
                    results.append(current)
                } else if forwarding.contains(edge.to) {
                    visited.insert(edge.to)
                    explore(edge.to)
                    visited.remove(edge.to)
                }
                current.removeLast()
            }
        }
        if reachable(from: source).contains(target) { explore(source) }
        return results.sorted { $0.count < $1.count }
    }

    /// The full zone-to-zone reachability: for each zone, the zones it can reach.
    public func closure() -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for zone in zoneIDs { result[zone] = reachable(from: zone) }
        return result
    }
}
