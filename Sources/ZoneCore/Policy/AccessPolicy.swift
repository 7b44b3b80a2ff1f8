import Foundation

/// The model's conduits expanded into permits, plus the zone address plan: what every generator compiles and
/// what traffic checks (baseline, firewall logs, testbed) evaluate flows against. Everything else is denied.
public struct AccessPolicy: Sendable {
    public let rules: [AccessRule]
    /// Findings that make the policy incomplete for address-based targets (a host with no address, a zone with no subnet).
    public let findings: [Finding]
    private let zoneSubnets: [String: [IPNetwork]]
    private let hostZones: [IPAddress: String]
    /// Subnets by prefix length, longest first, for longest-prefix zone lookup.
    private let subnetTables: [(length: Int, family: IPAddress.Family, zones: [IPAddress: String])]
    /// Positions in `rules`, per zone pair: grouping copies of the rules themselves would copy each one again.
    private let ruleIndicesByZonePair: [ZonePair: [Int]]

    struct ZonePair: Hashable {
        let from: String
        let to: String
    }

    public init(model: ZoneModel) {
        var findings: [Finding] = []
        var reportedHosts: Set<String> = []
        // Conduits expand independently, each part straight into its own stretch of one array (counted first),
        // so that no rule is copied when the parts are joined in model order; each host is reported once.
        let parts = Concurrently.chunks(of: model.conduits.count, parts: 8)
        let counts = parts.map { part in model.conduits[part].reduce(0) { $0 + Self.ruleCount($1) } }
        var hostFindingsOfParts: [[(host: String, finding: Finding)]] = []
        let rules = [AccessRule](unsafeUninitializedCapacity: counts.reduce(0, +)) { buffer, initialized in
            nonisolated(unsafe) let base = buffer.baseAddress
            hostFindingsOfParts = Concurrently.map(parts.count) { index in
                var slots = RuleSlots(base: base.map { $0 + counts[..<index].reduce(0, +) }, capacity: counts[index])
                let hostFindings = Self.expand(model.conduits[parts[index]], model, into: &slots)
                precondition(slots.count == counts[index], "access rules of a part miscounted")
                return hostFindings
            }
            initialized = buffer.count
        }
        for hostFindings in hostFindingsOfParts {
            for (host, finding) in hostFindings where reportedHosts.insert(host).inserted { findings.append(finding) }
        }
        var zoneSubnets: [String: [IPNetwork]] = [:]
        var hostZones: [IPAddress: String] = [:]
        hostZones.reserveCapacity(model.zones.reduce(0) { $0 + $1.assets.count })
        var tables: [Int: [IPAddress: String]] = [:]
        for zone in model.zones {
            zoneSubnets[zone.id] = zone.network.subnets
            for subnet in zone.network.subnets {
                let key = subnet.prefixLength + (subnet.family == .v6 ? 1000 : 0)
                tables[key, default: [:]][subnet.address] = zone.id
            }
            for asset in zone.assets { for address in asset.addresses { hostZones[address] = zone.id } }
        }
        let zonesWithoutSubnets = Set(model.zones.lazy.filter { $0.network.subnets.isEmpty }.map(\.id))
        for rule in rules where !zonesWithoutSubnets.isEmpty {
            for (zoneID, scope) in [(rule.from, rule.sources), (rule.to, rule.destinations)]
            where scope == .zone && zonesWithoutSubnets.contains(zoneID) {
                let key = "zone:" + zoneID
                if reportedHosts.insert(key).inserted {
                    findings.append(
                        Finding(
                            ruleID: LoaderRule.invalidValue.id, severity: .error,
                            message: "zone \(zoneID) has no network.subnets, but conduit \(rule.conduitID) needs its addresses",
                            location: model.zone(zoneID)?.location, subject: zoneID))
                }
            }
        }
        self.rules = rules
        self.findings = findings
        self.zoneSubnets = zoneSubnets
        self.hostZones = hostZones
        subnetTables = tables.map { key, zones in
            (length: key % 1000, family: key >= 1000 ? .v6 : .v4, zones: zones)
        }.sorted { $0.length > $1.length }
        var ruleIndicesByZonePair: [ZonePair: [Int]] = [:]
        // Rules come in runs of one zone pair (a channel's ports): one table update per run, reading the rules in
        // place.
        rules.withUnsafeBufferPointer { rules in
            var start = 0
            while start < rules.count {
                var end = start + 1
                while end < rules.count && rules[end].from == rules[start].from && rules[end].to == rules[start].to { end += 1 }
                ruleIndicesByZonePair[ZonePair(from: rules[start].from, to: rules[start].to), default: []].append(contentsOf: start..<end)
                start = end
            }
        }
        self.ruleIndicesByZonePair = ruleIndicesByZonePair
    }

    /// One part's stretch of the rule array, initialized in place.
    private struct RuleSlots {
        let base: UnsafeMutablePointer<AccessRule>?
        let capacity: Int
        private(set) var count = 0

        init(base: UnsafeMutablePointer<AccessRule>?, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        mutating func append(_ rule: AccessRule) {
            precondition(count < capacity, "more access rules than counted")
            (base! + count).initialize(to: rule)
            count += 1
        }
    }

    /// The rules ``expand(_:_:into:)`` makes of a conduit: one per port and initiating side of each channel.
    private static func ruleCount(_ conduit: Conduit) -> Int {
        conduit.channels.reduce(0) { $0 + ($1.bidirectional ? 2 : 1) * $1.ports.count }
    }

    /// What one part's expansion has written and found.
    private struct Expansion {
        var slots: RuleSlots
        /// Hosts without an address, each with the finding for its first use.
        var hostFindings: [(host: String, finding: Finding)] = []
    }

    private static func expand(
        _ conduits: ArraySlice<Conduit>, _ model: ZoneModel, into slots: inout RuleSlots
    ) -> [(host: String, finding: Finding)] {
        var expansion = Expansion(slots: slots)
        defer { slots = expansion.slots }
        var reported: Set<String> = []
        // Conduits and channels are read in place through buffer pointers: taken out of their arrays, each would
        // be copied, with a reference count for every field.
        conduits.withUnsafeBufferPointer { conduitBuffer in
            for conduit in conduitBuffer.indices {
                conduitBuffer[conduit].channels.withUnsafeBufferPointer { channelBuffer in
                    for channel in channelBuffer.indices {
                        expand(channelBuffer[channel], channel, of: conduitBuffer[conduit], model, &expansion, &reported)
                    }
                }
            }
        }
        return expansion.hostFindings
    }

    private static func expand(
        _ channel: Channel, _ channelIndex: Int, of conduit: Conduit, _ model: ZoneModel, _ expansion: inout Expansion,
        _ reported: inout Set<String>
    ) {
        // Read once per channel rather than once per port: each read copies out of the channel.
        let serviceID = channel.service?.id
        let functionCodes = channel.effectiveFunctionCodes
        for (from, to) in ModelQueries.initiations(of: channel) {
            let forward = from == channel.from
            let sources = Self.scope(forward ? channel.sources : channel.destinations, model, &expansion.hostFindings, &reported, channel)
            let destinations = Self.scope(
                forward ? channel.destinations : channel.sources, model, &expansion.hostFindings, &reported, channel)
            for port in channel.ports {
                expansion.slots.append(
                    AccessRule(
                        conduitID: conduit.id, channelIndex: channelIndex, from: from, to: to, sources: sources,
                        destinations: destinations, port: port, serviceID: serviceID, protocolName: channel.protocolName,
                        functionCodes: functionCodes, readOnly: channel.readOnly, unidirectional: channel.unidirectional,
                        mode: conduit.mode, location: channel.location))
            }
        }
    }

    private static func scope(
        _ references: [EndpointReference], _ model: ZoneModel, _ findings: inout [(host: String, finding: Finding)],
        _ reported: inout Set<String>, _ channel: Channel
    ) -> EndpointScope {
        if references.isEmpty { return .zone }
        var networks: [IPNetwork] = []
        for reference in references {
            switch reference {
            case .network(let network):
                networks.append(network)
            case .asset(let name):
                let addresses = model.assetReference(named: name).map { model.zones[$0.zone].assets[$0.asset].addresses } ?? []
                if addresses.isEmpty, reported.insert(name).inserted {
                    findings.append((
                        name,
                        Finding(
                            ruleID: LoaderRule.invalidValue.id, severity: .error,
                            message: "\(channel.protocolName) names host \(name), which has no address; give the asset an ip",
                            location: channel.location, subject: name)))
                }
                networks += addresses.map(IPNetwork.init(host:))
            }
        }
        return .hosts(networks.sortedUnique())
    }

    /// The subnets of a zone, as declared.
    public func subnets(of zoneID: String) -> [IPNetwork] { zoneSubnets[zoneID] ?? [] }

    /// The addresses a scope stands for in a zone: the listed hosts, or the zone's subnets.
    public func networks(_ scope: EndpointScope, in zoneID: String) -> [IPNetwork] {
        switch scope {
        case .zone: subnets(of: zoneID)
        case .hosts(let networks): networks
        }
    }

    /// The zone an address belongs to: an asset's own address first, then the longest matching subnet.
    public func zone(of address: IPAddress) -> String? {
        if let zone = hostZones[address] { return zone }
        for table in subnetTables where table.family == address.family {
            if let zone = table.zones[address.masked(to: table.length)] { return zone }
        }
        return nil
    }

    /// Permits from one zone to another.
    /// Where the rules from one zone to another are in ``rules``, in order.
    public func ruleIndices(from: String, to: String) -> [Int] { ruleIndicesByZonePair[ZonePair(from: from, to: to)] ?? [] }

    public func rules(ofConduit conduitID: String) -> [AccessRule] { rules.filter { $0.conduitID == conduitID } }

    /// Allow and deny rule counts of a conduit as a firewall compiles it: one permit per rule, one final deny
    /// per direction between two of its zones.
    public func ruleCounts(of conduit: Conduit) -> (allow: Int, deny: Int) {
        let zones = Set(conduit.zones).count
        return (rules(ofConduit: conduit.id).count, zones * (zones - 1))
    }
}
