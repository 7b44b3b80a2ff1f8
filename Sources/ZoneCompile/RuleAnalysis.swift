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
        Prepared(list).findings(in: 0..<list.rules.count)
    }

    /// A list with what comparing its rules needs; preparing can run wherever the list was made.
    public struct PreparedList: Sendable {
        fileprivate let prepared: Prepared
    }

    public static func prepare(_ list: RuleList) -> PreparedList { PreparedList(prepared: Prepared(list)) }

    /// Every list's findings, in list order. Positions are judged independently, so the lists are cut into
    /// pieces of positions that all cores work through, whatever the sizes of the lists.
    public static func analyze(prepared lists: [PreparedList]) -> [AnalysisFinding] {
        let pieces = lists.indices.flatMap { list in
            Concurrently.chunks(of: lists[list].prepared.list.rules.count, parts: 16).map { (list: list, positions: $0) }
        }
        return Concurrently.map(pieces.count) { piece in
            lists[pieces[piece].list].prepared.findings(in: pieces[piece].positions)
        }.flatMap { $0 }
    }

    /// A list with what comparing its rules needs, built once for all its positions.
    fileprivate struct Prepared: Sendable {
        let list: RuleList
        let shapes: Shapes
        let index: CandidateIndex

        init(_ list: RuleList) {
            self.list = list
            shapes = Shapes(list.rules)
            index = CandidateIndex(list.rules, shapes)
        }

        func findings(in positions: Range<Int>) -> [AnalysisFinding] {
            var findings: [AnalysisFinding] = []
            var marks = CandidateIndex.Marks(count: shapes.count)
            // One list of candidates, refilled for each position: no allocation per rule.
            var candidates: [Int] = []
            for position in positions {
                index.candidates(for: position, shapes, &marks, into: &candidates)
                let isDeny = shapes.isDenyPosition(position)
                if let earlier = candidates.first(where: { $0 < position && shapes.covers(outer: $0, inner: position) }) {
                    let kind: AnalysisFinding.Kind = shapes.isDenyPosition(earlier) == isDeny ? .redundant : .conflict
                    findings.append(finding(kind, position, earlier))
                    continue
                }
                guard !isDeny else { continue }
                // A permit made unnecessary by a later, wider permit, unless a deny position between them overlaps it.
                for candidate in candidates where candidate > position {
                    if shapes.isDenyPosition(candidate) {
                        if shapes.overlap(candidate, position) { break }
                    } else if shapes.covers(outer: candidate, inner: position) {
                        findings.append(finding(.redundant, position, candidate))
                        break
                    }
                }
            }
            return findings
        }

        private func finding(_ kind: AnalysisFinding.Kind, _ index: Int, _ other: Int) -> AnalysisFinding {
            AnalysisFinding(
                kind: kind, list: list.name, position: index + 1, coveringPosition: other + 1, rule: list.rules[index].label,
                coveringRule: list.rules[other].label)
        }
    }

    /// What matching needs of each rule of a list; a missing range means any. The addresses and ports of all
    /// rules sit in two shared arrays, so that comparing two rules copies nothing and counts no references.
    struct Shapes: Sendable {
        private struct Shape {
            let sources: Range<Int>?
            let destinations: Range<Int>?
            let ports: Range<Int>?
            let isDenyPosition: Bool
        }

        private var shapes: [Shape] = []
        private var networks: [IPNetwork] = []
        private var servicePorts: [ServicePort] = []

        init(_ rules: [CompiledRule]) {
            // Sized up front: grown by doubling, these arrays would touch twice the memory they end with.
            shapes.reserveCapacity(rules.count)
            networks.reserveCapacity(rules.reduce(0) { $0 + ($1.sources?.networks.count ?? 0) + ($1.destinations?.networks.count ?? 0) })
            servicePorts.reserveCapacity(rules.reduce(0) { $0 + ($1.service?.ports.count ?? 0) })
            func add(_ group: AddressGroup?) -> Range<Int>? {
                guard let group else { return nil }
                networks += group.networks
                return networks.count - group.networks.count..<networks.count
            }
            for rule in rules {
                let sources = add(rule.sources)
                let destinations = add(rule.destinations)
                var ports: Range<Int>?
                if let service = rule.service {
                    servicePorts += service.ports
                    ports = servicePorts.count - service.ports.count..<servicePorts.count
                }
                shapes.append(Shape(sources: sources, destinations: destinations, ports: ports, isDenyPosition: rule.isDenyPosition))
            }
        }

        var count: Int { shapes.count }
        func isDenyPosition(_ position: Int) -> Bool { shapes[position].isDenyPosition }
        /// The rule's ports, nil for any.
        func ports(_ position: Int) -> ArraySlice<ServicePort>? { shapes[position].ports.map { servicePorts[$0] } }
        /// Where the rule's ports are (see ``port(at:)``), nil for any: read without copying a slice per query.
        func portIndices(_ position: Int) -> Range<Int>? { shapes[position].ports }
        func port(at index: Int) -> ServicePort { servicePorts[index] }

        /// Whether the rule at `outer` matches every packet the rule at `inner` matches.
        func covers(outer: Int, inner: Int) -> Bool {
            let (outer, inner) = (shapes[outer], shapes[inner])
            return covers(outer.sources, inner.sources) && covers(outer.destinations, inner.destinations)
                && coversPorts(outer.ports, inner.ports)
        }

        func overlap(_ first: Int, _ second: Int) -> Bool {
            let (first, second) = (shapes[first], shapes[second])
            return overlap(first.sources, second.sources) && overlap(first.destinations, second.destinations)
                && overlapPorts(first.ports, second.ports)
        }

        private func covers(_ outer: Range<Int>?, _ inner: Range<Int>?) -> Bool {
            guard let outer else { return true }
            guard let inner else { return false }
            return inner.allSatisfy { network in outer.contains { networks[$0].contains(networks[network]) } }
        }

        private func coversPorts(_ outer: Range<Int>?, _ inner: Range<Int>?) -> Bool {
            guard let outer else { return true }
            guard let inner else { return false }
            return inner.allSatisfy { index in
                let port = servicePorts[index]
                return outer.contains { candidate in
                    let wider = servicePorts[candidate]
                    return wider.transport == port.transport && wider.ports.lower <= port.ports.lower
                        && port.ports.upper <= wider.ports.upper
                }
            }
        }

        private func overlap(_ first: Range<Int>?, _ second: Range<Int>?) -> Bool {
            guard let first, let second else { return true }
            return first.contains { network in second.contains { networks[$0].overlaps(networks[network]) } }
        }

        private func overlapPorts(_ first: Range<Int>?, _ second: Range<Int>?) -> Bool {
            guard let first, let second else { return true }
            return first.contains { index in
                let port = servicePorts[index]
                return second.contains { servicePorts[$0].transport == port.transport && servicePorts[$0].ports.overlaps(port.ports) }
            }
        }
    }

    /// Rules by zone pair, then by single port; rules without a service or with port ranges are kept apart.
    /// Zones are numbered once, so that lookups hash integers rather than zone names.
    struct CandidateIndex: Sendable {
        private struct PortKey: Hashable {
            let transport: Transport
            let port: UInt16
        }

        private struct Bucket {
            var broad: [Int] = []
            var byPort: [PortKey: [Int]] = [:]
        }

        private struct PairPort: Hashable {
            let pair: Int
            let port: PortKey
        }

        /// Which positions one query has collected already: a position counts as seen when its entry holds the
        /// query's number, so that the marks never need clearing.
        struct Marks {
            fileprivate var query = 0
            fileprivate var seen: [Int]

            init(count: Int) { seen = Array(repeating: 0, count: count) }
        }

        /// For each position, its zones' numbers; nil for a rule that applies to any zones.
        private let pairs: [(from: Int, to: Int)?]
        private let zoneCount: Int
        private var global: [Int] = []
        /// Every list of positions below, one after another; the tables hold ranges of it, so that a query
        /// copies no array and counts no references, however many cores query at once.
        private var positions: [Int] = []
        /// Keyed by `from * zoneCount + to`: the pair's rules without a service or with port ranges, the pair's
        /// rules on one single port, and all of the pair's single-port rules.
        private var broad: [Int: Range<Int>] = [:]
        private var byPort: [PairPort: Range<Int>] = [:]
        private var allPorts: [Int: Range<Int>] = [:]
        /// Zones whose subnets overlap, each zone included in its own list, as ranges of `relatedZones`.
        private var related: [Range<Int>] = []
        private var relatedZones: [Int] = []

        init(_ rules: [CompiledRule], _ shapes: Shapes) {
            var numbers: [String: Int] = [:]
            func number(_ zone: String) -> Int {
                if let known = numbers[zone] { return known }
                numbers[zone] = numbers.count
                return numbers.count - 1
            }
            // Rules come grouped by zone pair: a rule of the previous rule's pair needs no lookup.
            var previous: (from: String, to: String, numbers: (from: Int, to: Int))?
            pairs = rules.map { rule in
                guard let from = rule.from, let to = rule.to else { return nil }
                if let previous, previous.from == from, previous.to == to { return previous.numbers }
                let pair = (number(from), number(to))
                previous = (from, to, pair)
                return pair
            }
            zoneCount = numbers.count
            var zoneNetworks = Array(repeating: [IPNetwork]?.none, count: zoneCount)
            for (position, rule) in zip(0..., rules) {
                guard let (from, to) = pairs[position] else { continue }
                // Each zone's subnets are taken from its first zone-wide rule.
                if zoneNetworks[from] == nil && rule.sources?.kind == .zone { zoneNetworks[from] = rule.sources?.networks }
                if zoneNetworks[to] == nil && rule.destinations?.kind == .zone { zoneNetworks[to] = rule.destinations?.networks }
            }
            for zone in zoneNetworks.indices {
                let start = relatedZones.count
                if let networks = zoneNetworks[zone] {
                    relatedZones += zoneNetworks.indices.filter { other in
                        guard let otherNetworks = zoneNetworks[other] else { return false }
                        return other == zone || networks.contains { network in otherNetworks.contains { $0.overlaps(network) } }
                    }
                } else {
                    relatedZones.append(zone)
                }
                related.append(start..<relatedZones.count)
            }
            // Pairs are numbered as they first appear, so that their buckets sit in an array; every table is
            // sized before it is filled, as regrowing them took more time than filling them.
            var pairNumbers: [Int: Int] = [:]
            pairNumbers.reserveCapacity(zoneCount * 2)
            var pairKeys: [Int] = []
            var buckets: [Bucket] = []
            for position in rules.indices {
                guard let (from, to) = pairs[position] else {
                    global.append(position)
                    continue
                }
                let key = from * zoneCount + to
                let number: Int
                if let known = pairNumbers[key] {
                    number = known
                } else {
                    number = buckets.count
                    pairNumbers[key] = number
                    pairKeys.append(key)
                    buckets.append(Bucket())
                }
                guard let portRange = shapes.portIndices(position), !portRange.isEmpty else {
                    buckets[number].broad.append(position)
                    continue
                }
                if portRange.contains(where: { !shapes.port(at: $0).ports.isSingle }) { buckets[number].broad.append(position) }
                for index in portRange {
                    let port = shapes.port(at: index)
                    guard port.ports.isSingle else { continue }
                    buckets[number].byPort[PortKey(transport: port.transport, port: port.ports.lower), default: []].append(position)
                }
            }
            positions.reserveCapacity(buckets.reduce(0) { total, bucket in bucket.byPort.values.reduce(total + bucket.broad.count) { $0 + $1.count } })
            broad.reserveCapacity(buckets.count)
            allPorts.reserveCapacity(buckets.count)
            byPort.reserveCapacity(buckets.reduce(0) { $0 + $1.byPort.count })
            func store(_ list: [Int]) -> Range<Int> {
                positions += list
                return positions.count - list.count..<positions.count
            }
            for (key, bucket) in zip(pairKeys, buckets) {
                broad[key] = store(bucket.broad)
                let start = positions.count
                for (port, list) in bucket.byPort { byPort[PairPort(pair: key, port: port)] = store(list) }
                allPorts[key] = start..<positions.count
            }
        }

        /// Fills `result` with the positions that could cover or overlap the rule at `position`, ascending.
        func candidates(for position: Int, _ shapes: Shapes, _ marks: inout Marks, into result: inout [Int]) {
            result.removeAll(keepingCapacity: true)
            guard let (from, to) = pairs[position] else {
                result += global
                return
            }
            marks.query += 1
            func collect(_ range: Range<Int>?) {
                guard let range else { return }
                for index in range {
                    let candidate = positions[index]
                    guard marks.seen[candidate] != marks.query else { continue }
                    marks.seen[candidate] = marks.query
                    result.append(candidate)
                }
            }
            for candidate in global where marks.seen[candidate] != marks.query {
                marks.seen[candidate] = marks.query
                result.append(candidate)
            }
            let ports = shapes.portIndices(position)
            let anyRange = ports.map { $0.contains { !shapes.port(at: $0).ports.isSingle } } ?? true
            for source in related[from] {
                for destination in related[to] {
                    let key = relatedZones[source] * zoneCount + relatedZones[destination]
                    collect(broad[key])
                    if anyRange {
                        collect(allPorts[key])
                        continue
                    }
                    for index in ports ?? 0..<0 {
                        let port = shapes.port(at: index)
                        collect(byPort[PairPort(pair: key, port: PortKey(transport: port.transport, port: port.ports.lower))])
                    }
                }
            }
            result.sort()
        }
    }
}
