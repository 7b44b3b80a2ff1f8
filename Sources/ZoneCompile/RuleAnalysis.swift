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

/// Finds redundant and shadowed rules. Candidates come from an index by transport and port, and by zone
/// pair for rules without a service, instead of comparing every pair of rules.
public enum RuleAnalysis {
    public static func analyze(_ list: RuleList) -> [AnalysisFinding] {
        let rules = list.rules
        var byPort: [PortKey: [Int]] = [:]
        var ranged: [Int] = []
        var serviceless: [Int] = []
        for (index, rule) in rules.enumerated() {
            guard let service = rule.service else {
                serviceless.append(index)
                continue
            }
            for port in service.ports {
                if port.ports.isSingle {
                    byPort[PortKey(transport: port.transport, port: port.ports.lower), default: []].append(index)
                } else {
                    ranged.append(index)
                }
            }
        }
        var findings: [AnalysisFinding] = []
        for (index, rule) in rules.enumerated() {
            var candidates = Set(serviceless).union(ranged)
            for port in rule.service?.ports ?? [] where port.ports.isSingle {
                candidates.formUnion(byPort[PortKey(transport: port.transport, port: port.ports.lower)] ?? [])
            }
            candidates.remove(index)
            let covering = candidates.sorted().filter { covers(rules[$0], rule) }
            if let earlier = covering.first(where: { $0 < index }) {
                let kind: AnalysisFinding.Kind = rules[earlier].isDenyPosition == rule.isDenyPosition ? .redundant : .conflict
                findings.append(finding(kind, list, index, earlier))
                continue
            }
            // A permit made unnecessary by a later, wider permit, unless a deny position between them overlaps it.
            guard !rule.isDenyPosition else { continue }
            if let later = covering.first(where: { candidate in
                !rules[candidate].isDenyPosition
                    && !serviceless.contains { $0 > index && $0 < candidate && rules[$0].isDenyPosition && overlaps(rules[$0], rule) }
            }) {
                findings.append(finding(.redundant, list, index, later))
            }
        }
        return findings
    }

    private static func finding(_ kind: AnalysisFinding.Kind, _ list: RuleList, _ index: Int, _ other: Int) -> AnalysisFinding {
        AnalysisFinding(
            kind: kind, list: list.name, position: index + 1, coveringPosition: other + 1, rule: list.rules[index].label,
            coveringRule: list.rules[other].label)
    }

    /// Whether `outer` matches every packet `inner` matches.
    static func covers(_ outer: CompiledRule, _ inner: CompiledRule) -> Bool {
        covers(outer.sources, inner.sources) && covers(outer.destinations, inner.destinations)
            && covers(outer.service, inner.service)
    }

    static func overlaps(_ first: CompiledRule, _ second: CompiledRule) -> Bool {
        overlaps(first.sources, second.sources) && overlaps(first.destinations, second.destinations)
            && overlaps(first.service, second.service)
    }

    private static func covers(_ outer: AddressGroup?, _ inner: AddressGroup?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return inner.networks.allSatisfy { network in outer.networks.contains { $0.contains(network) } }
    }

    private static func covers(_ outer: ServiceGroup?, _ inner: ServiceGroup?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return inner.ports.allSatisfy { port in
            outer.ports.contains {
                $0.transport == port.transport && $0.ports.lower <= port.ports.lower && port.ports.upper <= $0.ports.upper
            }
        }
    }

    private static func overlaps(_ first: AddressGroup?, _ second: AddressGroup?) -> Bool {
        guard let first, let second else { return true }
        return first.networks.contains { network in second.networks.contains { $0.overlaps(network) } }
    }

    private static func overlaps(_ first: ServiceGroup?, _ second: ServiceGroup?) -> Bool {
        guard let first, let second else { return true }
        return first.ports.contains { port in second.ports.contains { $0.transport == port.transport && $0.ports.overlaps(port.ports) } }
    }

    private struct PortKey: Hashable {
        let transport: Transport
        let port: UInt16
    }
}
