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
    /// Every zone id of the model: all that rules can name.
    private let modelZones: Set<String>
    /// The permit drafts and the namer's tables the rules were made from. They are kept with the policy, so that
    /// their tens of thousands of objects are freed with it rather than one by one while the compile waits.
    private let makings: (steps: [Result<[Step], CompileError>], names: GroupNamer)

    public init(model: ZoneModel, mode: EnforcementMode) throws(CompileError) {
        let access = AccessPolicy(model: model)
        if let finding = access.findings.first {
            let code: CompileError.Code = finding.message.contains("no address") ? .hostWithoutAddress : .zoneWithoutNetwork
            throw CompileError(code, finding.message, at: finding.location)
        }
        self.access = access
        modelZones = Set(model.zones.map(\.id))
        var zoneGroups: [AddressGroup] = []
        for zone in model.zones where !zone.network.subnets.isEmpty {
            zoneGroups.append(AddressGroup(name: "ZONE-" + zone.id, kind: .zone, networks: zone.network.subnets))
        }
        self.zoneGroups = zoneGroups
        zoneGroupIndex = Dictionary(zoneGroups.map { ($0.name.dropFirst(5).description, $0) }, uniquingKeysWith: { first, _ in first })
        // Each source zone's pairs are worked out on every core; group names are then handed out in model order,
        // so that they never depend on timing.
        let groupsByZone = zoneGroupIndex
        let steps = Concurrently.map(model.zones.count) { index in
            Result { () throws(CompileError) in try Self.steps(from: index, model: model, access: access, groups: groupsByZone, mode: mode) }
        }
        var names = GroupNamer(expectedGroups: 2 * access.rules.count)
        var rules: [CompiledRule] = []
        rules.reserveCapacity(access.rules.count + model.zones.count * model.zones.count + 1)
        for outcome in steps {
            for step in try outcome.get() {
                switch step {
                case .deny(let rule):
                    rules.append(rule)
                case .permit(let permit):
                    // Fields read through the subscript: binding the first access rule would copy all of it.
                    rules.append(
                        CompiledRule(
                            from: permit.from, to: permit.to, sources: permit.sources.group(&names),
                            destinations: permit.destinations.group(&names),
                            service: names.service(permit.service),
                            verdict: .permit, reason: nil, conduitID: permit.accessRules[permit.accessRules.startIndex].conduitID,
                            channelNumber: permit.accessRules[permit.accessRules.startIndex].channelIndex + 1,
                            protocolName: permit.accessRules[permit.accessRules.startIndex].protocolName,
                            accessRules: permit.accessRules, label: permit.label))
                }
            }
        }
        rules.append(
            CompiledRule(
                from: nil, to: nil, sources: nil, destinations: nil, service: nil, verdict: Self.denyVerdict(mode: mode),
                reason: .unzoned))
        self.rules = rules
        makings = (steps, names)
    }

    public func zoneGroup(_ zoneID: String) -> AddressGroup? { zoneGroupIndex[zoneID] }

    /// Rules whose zones are both in `zones` (and the final rule), in order: what a device between them enforces.
    public func rules(between zones: Set<String>) -> [CompiledRule] {
        // A device between all zones (a router of the whole model) enforces every rule.
        if modelZones.isSubset(of: zones) { return rules }
        return rules.filter { rule in
            guard let from = rule.from, let to = rule.to else { return true }
            return zones.contains(from) && zones.contains(to)
        }
    }

    /// Host groups, then service groups, each once, sorted by name.
    public static func hostGroups(in rules: [CompiledRule]) -> [AddressGroup] {
        // Group names are unique per content (GroupNamer), so the name alone identifies a group.
        var seen: Set<String> = []
        seen.reserveCapacity(rules.count)
        var groups: [AddressGroup] = []
        func add(_ group: AddressGroup?) {
            guard let group, group.kind == .hosts, seen.insert(group.name).inserted else { return }
            groups.append(group)
        }
        for rule in rules {
            add(rule.sources)
            add(rule.destinations)
        }
        return NameOrder.sorted(groups, by: \.name)
    }

    public static func serviceGroups(in rules: [CompiledRule]) -> [ServiceGroup] {
        var seen: Set<String> = []
        var groups: [ServiceGroup] = []
        for rule in rules {
            guard let service = rule.service, seen.insert(service.name).inserted else { continue }
            groups.append(service)
        }
        return NameOrder.sorted(groups, by: \.name)
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

    /// One channel's permit between a zone pair, its host groups not yet named. A class, so that passing a
    /// step along counts one reference rather than one per field.
    private final class PermitDraft: Sendable {
        let from: String
        let to: String
        let sources: Endpoints
        let destinations: Endpoints
        let accessRules: ArraySlice<AccessRule>
        let service: GroupNamer.ServiceRequest
        let label: String

        init(
            from: String, to: String, sources: Endpoints, destinations: Endpoints, accessRules: ArraySlice<AccessRule>,
            service: GroupNamer.ServiceRequest, label: String
        ) {
            self.from = from
            self.to = to
            self.sources = sources
            self.destinations = destinations
            self.accessRules = accessRules
            self.service = service
            self.label = label
        }
    }

    private enum Endpoints: Sendable {
        case zone(AddressGroup)
        case hosts(GroupNamer.HostRequest)

        var addresses: AddressGroup {
            switch self {
            case .zone(let group): group
            case .hosts(let request): request.unnamedGroup
            }
        }

        func group(_ names: inout GroupNamer) -> AddressGroup {
            switch self {
            case .zone(let group): group
            case .hosts(let request): names.hosts(request)
            }
        }
    }

    private enum Step: Sendable {
        case permit(PermitDraft)
        case deny(CompiledRule)
    }

    /// The rules from one zone to every other, in order: each pair's channel permits, then the pair's deny position.
    private static func steps(
        from index: Int, model: ZoneModel, access: AccessPolicy, groups: [String: AddressGroup], mode: EnforcementMode
    ) throws(CompileError) -> [Step] {
        let from = model.zones[index].id
        let conduitsOfFrom = model.conduits.indices.filter { model.conduits[$0].zones.contains(from) }
        var steps: [Step] = []
        for to in model.zones.lazy.map(\.id) where to != from {
            steps += try permits(from: from, to: to, model: model, access: access, groups: groups).map(Step.permit)
            guard let sources = groups[from], let destinations = groups[to], sources.sharesFamily(with: destinations) else { continue }
            let joining = conduitsOfFrom.filter { model.conduits[$0].zones.contains(to) }.map { model.conduits[$0] }
            steps.append(
                .deny(
                    CompiledRule(
                        from: from, to: to, sources: sources, destinations: destinations, service: nil,
                        verdict: Self.denyVerdict(mode: Self.pairMode(joining, global: mode)),
                        reason: joining.isEmpty ? .noConduit : .notInConduit)))
        }
        return steps
    }

    private static func permits(
        from: String, to: String, model: ZoneModel, access: AccessPolicy, groups: [String: AddressGroup]
    ) throws(CompileError) -> [PermitDraft] {
        var result: [PermitDraft] = []
        // A channel's permits for one zone pair are adjacent in the access policy (one per port).
        let indices = access.ruleIndices(from: from, to: to)
        var groupStarts: [Int] = []
        for (position, index) in indices.enumerated() {
            if let start = groupStarts.last.map({ indices[$0] }), access.rules[start].channelIndex == access.rules[index].channelIndex,
                access.rules[start].conduitID == access.rules[index].conduitID
            {
                continue
            }
            groupStarts.append(position)
        }
        for (number, start) in groupStarts.enumerated() {
            let end = number + 1 < groupStarts.count ? groupStarts[number + 1] : indices.count
            // A channel's rules for one zone pair were expanded one after another, so they are normally one run
            // of the access policy's rules, taken as a slice of them.
            let accessRules =
                indices[end - 1] - indices[start] == end - 1 - start
                ? access.rules[indices[start]...indices[end - 1]] : ArraySlice(indices[start..<end].map { access.rules[$0] })
            let first = accessRules[accessRules.startIndex]
            // One copy of the channel for all three reads.
            let channel = model.conduitIndex[first.conduitID].map { model.conduits[$0].channels[first.channelIndex] }
            let forward = channel?.from == from
            let sourceReferences = channel.map { forward ? $0.sources : $0.destinations }
            let destinationReferences = channel.map { forward ? $0.destinations : $0.sources }
            let sources = try endpoints(first.sources, zone: from, references: sourceReferences, groups: groups, rule: first)
            let destinations = try endpoints(first.destinations, zone: to, references: destinationReferences, groups: groups, rule: first)
            guard sources.addresses.sharesFamily(with: destinations.addresses) else {
                throw CompileError(
                    .addressFamilyMismatch,
                    "conduit \(first.conduitID) channel \(first.channelIndex + 1) (\(first.protocolName)) has only \(familyText(sources.addresses)) sources and only \(familyText(destinations.addresses)) destinations; no packet can match",
                    at: first.location)
            }
            let label = CompiledRule.label(
                from: from, to: to, verdict: .permit, reason: nil, conduitID: first.conduitID,
                channelNumber: first.channelIndex + 1, protocolName: first.protocolName)
            result.append(
                PermitDraft(
                    from: from, to: to, sources: sources, destinations: destinations, accessRules: accessRules,
                    service: GroupNamer.ServiceRequest(ports: accessRules.map(\.port), serviceID: first.serviceID), label: label))
        }
        return result
    }

    private static func familyText(_ group: AddressGroup) -> String {
        group.families.sorted().map { $0 == .v4 ? "IPv4" : "IPv6" }.joined(separator: "+")
    }

    private static func endpoints(
        _ scope: EndpointScope, zone: String, references: [EndpointReference]?, groups: [String: AddressGroup], rule: AccessRule
    ) throws(CompileError) -> Endpoints {
        switch scope {
        case .zone:
            guard let group = groups[zone] else {
                throw CompileError(
                    .zoneWithoutNetwork, "zone \(zone) has no network.subnets, but conduit \(rule.conduitID) needs its addresses",
                    at: rule.location)
            }
            return .zone(group)
        case .hosts(let networks):
            return .hosts(GroupNamer.HostRequest(networks: networks, references: references ?? []))
        }
    }
}
