import ZoneCore

/// An ordered list of rules as one device evaluates it: an ASA access list, an nftables chain, a FortiGate
/// policy table.
public struct RuleList: Sendable {
    public let name: String
    public let rules: [CompiledRule]

    public init(name: String, rules: [CompiledRule]) {
        self.name = name
        self.rules = rules
    }
}

/// A rule that never decides anything: covered by another rule.
public struct AnalysisFinding: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// An earlier rule of the other kind (a deny position before a permit, or the reverse) matches all its
        /// traffic: the rule never takes effect. Judged by position, so both modes give the same findings.
        case conflict
        /// Another rule with the same verdict matches all its traffic: removing it changes nothing.
        case redundant
    }

    public let kind: Kind
    public let list: String
    /// 1-based positions in the list.
    public let position: Int
    public let coveringPosition: Int
    public let rule: String
    public let coveringRule: String

    public var description: String {
        switch kind {
        case .conflict:
            "\(list): conflict: rule \(position) (\(rule)) is shadowed by rule \(coveringPosition) (\(coveringRule)) with the opposite verdict"
        case .redundant:
            "\(list): redundant: rule \(position) (\(rule)) is covered by rule \(coveringPosition) (\(coveringRule)) with the same verdict"
        }
    }
}

/// Finds redundant and shadowed rules. A rule is compared only with rules of zone pairs whose subnets overlap
/// its own pair's, and among those only with rules sharing one of its ports (or without a service), through an
/// index, instead of with every other rule.
public enum RuleAnalysis {
    public static func analyze(_ list: RuleList) -> [AnalysisFinding] {
        let shapes = list.rules.map(Shape.init)
        let index = CandidateIndex(list.rules, shapes)
        var findings: [AnalysisFinding] = []
        for position in shapes.indices {
            let shape = shapes[position]
            let candidates = index.candidates(for: list.rules[position], shape).filter { $0 != position }
            let covering = candidates.filter { shapes[$0].covers(shape) }
            if let earlier = covering.first(where: { $0 < position }) {
                let kind: AnalysisFinding.Kind = shapes[earlier].isDenyPosition == shape.isDenyPosition ? .redundant : .conflict
                findings.append(finding(kind, list, position, earlier))
                continue
            }
            // A permit made unnecessary by a later, wider permit, unless a deny position between them overlaps it.
            guard !shape.isDenyPosition else { continue }
            let denies = candidates.filter { $0 > position && shapes[$0].isDenyPosition && shapes[$0].overlaps(shape) }
            if let later = covering.first(where: { candidate in
                !shapes[candidate].isDenyPosition && !denies.contains { $0 < candidate }
            }) {
                findings.append(finding(.redundant, list, position, later))
            }
        }
        return findings
    }

    private static func finding(_ kind: AnalysisFinding.Kind, _ list: RuleList, _ index: Int, _ other: Int) -> AnalysisFinding {
        AnalysisFinding(
            kind: kind, list: list.name, position: index + 1, coveringPosition: other + 1, rule: list.rules[index].label,
            coveringRule: list.rules[other].label)
    }

    /// What matching needs of a rule; `nil` means any.
    struct Shape {
        let sources: [IPNetwork]?
        let destinations: [IPNetwork]?
        let ports: [ServicePort]?
        let isDenyPosition: Bool

        init(_ rule: CompiledRule) {
            sources = rule.sources?.networks
            destinations = rule.destinations?.networks
            ports = rule.service?.ports
            isDenyPosition = rule.isDenyPosition
        }

        /// Whether `self` matches every packet `inner` matches.
        func covers(_ inner: Shape) -> Bool {
            Self.covers(sources, inner.sources) && Self.covers(destinations, inner.destinations) && Self.covers(ports, inner.ports)
        }

        func overlaps(_ other: Shape) -> Bool {
            Self.overlaps(sources, other.sources) && Self.overlaps(destinations, other.destinations)
                && Self.overlaps(ports, other.ports)
        }

        private static func covers(_ outer: [IPNetwork]?, _ inner: [IPNetwork]?) -> Bool {
            guard let outer else { return true }
            guard let inner else { return false }
            return inner.allSatisfy { network in outer.contains { $0.contains(network) } }
        }

        private static func covers(_ outer: [ServicePort]?, _ inner: [ServicePort]?) -> Bool {
            guard let outer else { return true }
            guard let inner else { return false }
            return inner.allSatisfy { port in
                outer.contains {
                    $0.transport == port.transport && $0.ports.lower <= port.ports.lower && port.ports.upper <= $0.ports.upper
                }
            }
        }

        private static func overlaps(_ first: [IPNetwork]?, _ second: [IPNetwork]?) -> Bool {
            guard let first, let second else { return true }
            return first.contains { network in second.contains { $0.overlaps(network) } }
        }

        private static func overlaps(_ first: [ServicePort]?, _ second: [ServicePort]?) -> Bool {
            guard let first, let second else { return true }
            return first.contains { port in second.contains { $0.transport == port.transport && $0.ports.overlaps(port.ports) } }
        }
    }

    /// Rules by zone pair, then by single port; rules without a service or with port ranges are kept apart.
    struct CandidateIndex {
        private struct Pair: Hashable {
            let from: String
            let to: String
        }

        private struct PortKey: Hashable {
            let transport: Transport
            let port: UInt16
        }

        private struct Bucket {
            var broad: [Int] = []
            var byPort: [PortKey: [Int]] = [:]
        }

        private var buckets: [Pair: Bucket] = [:]
        private var global: [Int] = []
        /// Zones whose subnets overlap, each zone included in its own list.
        private var related: [String: [String]] = [:]

        init(_ rules: [CompiledRule], _ shapes: [Shape]) {
            var zoneNetworks: [String: [IPNetwork]] = [:]
            for rule in rules {
                if let from = rule.from, let group = rule.sources, group.kind == .zone { zoneNetworks[from] = group.networks }
                if let to = rule.to, let group = rule.destinations, group.kind == .zone { zoneNetworks[to] = group.networks }
            }
            for (zone, networks) in zoneNetworks {
                related[zone] = zoneNetworks.filter { other, otherNetworks in
                    other == zone || networks.contains { network in otherNetworks.contains { $0.overlaps(network) } }
                }.keys.sorted()
            }
            for (position, rule) in rules.enumerated() {
                guard let from = rule.from, let to = rule.to else {
                    global.append(position)
                    continue
                }
                let pair = Pair(from: from, to: to)
                let ports = shapes[position].ports ?? []
                if ports.isEmpty || ports.contains(where: { !$0.ports.isSingle }) {
                    buckets[pair, default: Bucket()].broad.append(position)
                }
                for port in ports where port.ports.isSingle {
                    buckets[pair, default: Bucket()].byPort[PortKey(transport: port.transport, port: port.ports.lower), default: []].append(position)
                }
            }
        }

        /// Positions that could cover or overlap `rule`, ascending.
        func candidates(for rule: CompiledRule, _ shape: Shape) -> [Int] {
            guard let from = rule.from, let to = rule.to else { return global }
            var result = Set(global)
            for source in related[from] ?? [from] {
                for destination in related[to] ?? [to] {
                    guard let bucket = buckets[Pair(from: source, to: destination)] else { continue }
                    result.formUnion(bucket.broad)
                    for port in shape.ports ?? [] where port.ports.isSingle {
                        result.formUnion(bucket.byPort[PortKey(transport: port.transport, port: port.ports.lower)] ?? [])
                    }
                    if shape.ports == nil || shape.ports?.contains(where: { !$0.ports.isSingle }) == true {
                        for positions in bucket.byPort.values { result.formUnion(positions) }
                    }
                }
            }
            return result.sorted()
        }
    }
}
