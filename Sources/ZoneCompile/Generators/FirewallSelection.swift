import ZoneCore

/// The firewalls of some platforms and the zones each one joins: shared by the firewall generators.
struct FirewallSelection {
    let platforms: Set<FirewallPlatform>

    func firewalls(_ model: ZoneModel) -> [Firewall] { model.firewalls.filter { platforms.contains($0.platform) } }

    func unsupportedReason(_ model: ZoneModel) -> String? {
        guard firewalls(model).isEmpty else { return nil }
        let names = platforms.map(\.rawValue).sorted().joined(separator: " or ")
        return "the model's devices section has no \(names) firewall (devices: firewalls: [{platform: ...}])"
    }

    /// Every interface's zone must have subnets: deny positions and object groups are built from them.
    func attachedZones(_ firewall: Firewall, _ policy: CompiledPolicy) throws(CompileError) -> [String] {
        var zones: [String] = []
        for interface in firewall.interfaces where !zones.contains(interface.zone) {
            guard policy.zoneGroup(interface.zone) != nil else {
                throw CompileError(
                    .zoneWithoutNetwork,
                    "firewall \(firewall.name) interface \(interface.name) faces zone \(interface.zone), which has no network.subnets",
                    at: interface.location)
            }
            zones.append(interface.zone)
        }
        return zones
    }

    /// The interface whose zone holds the logging host.
    func loggingInterface(_ firewall: Firewall, _ policy: CompiledPolicy) throws(CompileError) -> FirewallInterface? {
        guard let host = firewall.loggingHost else { return nil }
        guard let zone = policy.access.zone(of: host), let interface = firewall.interfaces.first(where: { $0.zone == zone }) else {
            throw CompileError(
                .invalidDevice, "firewall \(firewall.name) logging_host \(host) is in no zone that the firewall has an interface in",
                at: firewall.location)
        }
        return interface
    }
}

extension FirewallInterface {
    /// The ASA `nameif`, `zone-<zone id>` unless given.
    var effectiveNameif: String { nameif ?? Identifier.safe("zone-" + zone.lowercased()) }
}
