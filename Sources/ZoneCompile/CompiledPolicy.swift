import ZoneCore

/// The typed intermediate form every generator renders: zone address groups, host and service groups declared
/// once, and the rules in evaluation order — for each ordered zone pair its channel permits, then the pair's deny
/// position — followed by the final deny. Monitor mode changes only the verdicts at deny positions.
public struct CompiledPolicy: Sendable {
    public let access: AccessPolicy
    /// One group per zone with at least one subnet, in model order.
    public let zoneGroups: [AddressGroup]
    public let rules: [CompiledRule]

    private let zoneGroupIndex: [String: AddressGroup]

    public init(model: ZoneModel, mode: EnforcementMode) throws(CompileError) {
        let access = AccessPolicy(model: model)
        if let finding = access.findings.first {
            let code: CompileError.Code = finding.message.contains("no address") ? .hostWithoutAddress : .zoneWithoutNetwork
            throw CompileError(code, finding.message, at: finding.location)
        }
        self.access = access
        var zoneGroups: [AddressGroup] = []
        for zone in model.zones where !zone.network.subnets.isEmpty {
            zoneGroups.append(AddressGroup(name: "ZONE-" + zone.id, kind: .zone, networks: zone.network.subnets))
        }
        self.zoneGroups = zoneGroups
        zoneGroupIndex = Dictionary(zoneGroups.map { ($0.name.dropFirst(5).description, $0) }, uniquingKeysWith: { first, _ in first })
        var names = GroupNamer()
        var rules: [CompiledRule] = []
        for from in model.zones {
            for to in model.zones where to.id != from.id {
                rules += try Self.permits(from: from.id, to: to.id, model: model, access: access, groups: zoneGroupIndex, names: &names)
                guard let sources = zoneGroupIndex[from.id], let destinations = zoneGroupIndex[to.id] else { continue }
                guard !sources.families.isDisjoint(with: destinations.families) else { continue }
                let joining = model.conduits.filter { $0.zones.contains(from.id) && $0.zones.contains(to.id) }
                rules.append(
                    CompiledRule(
                        from: from.id, to: to.id, sources: sources, destinations: destinations, service: nil,
                        verdict: Self.denyVerdict(mode: Self.pairMode(joining, global: mode)),
                        reason: joining.isEmpty ? .noConduit : .notInConduit))
            }
        }
        rules.append(
            CompiledRule(
                from: nil, to: nil, sources: nil, destinations: nil, service: nil, verdict: Self.denyVerdict(mode: mode),
                reason: .unzoned))
        self.rules = rules
    }

    public func zoneGroup(_ zoneID: String) -> AddressGroup? { zoneGroupIndex[zoneID] }

    /// Rules whose zones are both in `zones` (and the final rule), in order: what a device between them enforces.
    public func rules(between zones: Set<String>) -> [CompiledRule] {
        rules.filter { rule in
            guard let from = rule.from, let to = rule.to else { return true }
            return zones.contains(from) && zones.contains(to)
        }
    }

    /// Host groups, then service groups, each once, sorted by name.
    public static func hostGroups(in rules: [CompiledRule]) -> [AddressGroup] {
        // Group names are unique per content (GroupNamer), so the name alone identifies a group.
        var byName: [String: AddressGroup] = [:]
        for rule in rules {
            for group in [rule.sources, rule.destinations] {
                guard let group, group.kind == .hosts, byName[group.name] == nil else { continue }
                byName[group.name] = group
            }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    public static func serviceGroups(in rules: [CompiledRule]) -> [ServiceGroup] {
        var byName: [String: ServiceGroup] = [:]
        for rule in rules {
            guard let service = rule.service, byName[service.name] == nil else { continue }
            byName[service.name] = service
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// A conduit's own mode wins over the command's; when conduits joining one pair disagree, monitor wins,
    /// so that commissioning one conduit never blocks its traffic.
    static func pairMode(_ conduits: [Conduit], global: EnforcementMode) -> EnforcementMode {
        let overrides = Set(conduits.compactMap(\.mode))
        if overrides.contains(.monitor) { return .monitor }
        if overrides.contains(.enforce) { return .enforce }
        return global
    }

    static func denyVerdict(mode: EnforcementMode) -> RuleVerdict { mode == .monitor ? .monitor : .deny }

    private static func permits(
        from: String, to: String, model: ZoneModel, access: AccessPolicy, groups: [String: AddressGroup],
        names: inout GroupNamer
    ) throws(CompileError) -> [CompiledRule] {
        var result: [CompiledRule] = []
        var seen: [ChannelKey: Int] = [:]
        var grouped: [[AccessRule]] = []
        for rule in access.rules(from: from, to: to) {
            let key = ChannelKey(conduitID: rule.conduitID, channel: rule.channelIndex)
            if let index = seen[key] {
                grouped[index].append(rule)
            } else {
                seen[key] = grouped.count
                grouped.append([rule])
            }
        }
        for accessRules in grouped {
            let first = accessRules[0]
            let channel = model.conduit(first.conduitID).map { $0.channels[first.channelIndex] }
            let forward = channel?.from == from
            let sources = try group(
                first.sources, zone: from, references: forward ? channel?.sources : channel?.destinations, groups: groups,
                names: &names, rule: first)
            let destinations = try group(
                first.destinations, zone: to, references: forward ? channel?.destinations : channel?.sources,
                groups: groups, names: &names, rule: first)
            guard !sources.families.isDisjoint(with: destinations.families) else {
                throw CompileError(
                    .addressFamilyMismatch,
                    "conduit \(first.conduitID) channel \(first.channelIndex + 1) (\(first.protocolName)) has only \(familyText(sources)) sources and only \(familyText(destinations)) destinations; no packet can match",
                    at: first.location)
            }
            let ports = accessRules.map(\.port)
            result.append(
                CompiledRule(
                    from: from, to: to, sources: sources, destinations: destinations,
                    service: names.service(ports: ports, serviceID: first.serviceID), verdict: .permit,
                    conduitID: first.conduitID, channelNumber: first.channelIndex + 1, protocolName: first.protocolName,
                    accessRules: accessRules))
        }
        return result
    }

    private static func familyText(_ group: AddressGroup) -> String {
        group.families.sorted().map { $0 == .v4 ? "IPv4" : "IPv6" }.joined(separator: "+")
    }

    private static func group(
        _ scope: EndpointScope, zone: String, references: [EndpointReference]?, groups: [String: AddressGroup],
        names: inout GroupNamer, rule: AccessRule
    ) throws(CompileError) -> AddressGroup {
        switch scope {
        case .zone:
            guard let group = groups[zone] else {
                throw CompileError(
                    .zoneWithoutNetwork, "zone \(zone) has no network.subnets, but conduit \(rule.conduitID) needs its addresses",
                    at: rule.location)
            }
            return group
        case .hosts(let networks):
            return names.hosts(networks: networks, references: references ?? [])
        }
    }

    private struct ChannelKey: Hashable {
        let conduitID: String
        let channel: Int
    }
}
