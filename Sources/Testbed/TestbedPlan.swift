import ZoneCore

/// What a testbed for a (mapped) model consists of: a namespace per zone with its addresses, a firewall
/// namespace between the linked zones, and the services answering on every port a conduit names.
public struct TestbedPlan: Sendable {
    public struct ZoneHost: Sendable {
        public let zone: String
        public let namespace: String
        /// The interface name on the firewall side; nil for an air-gapped zone.
        public let firewallInterface: String?
        public let subnets: [IPNetwork]
        public let gateways: [IPAddress]
        /// One address per subnet family that no asset uses: the source and target of zone-wide probes.
        public let probeAddresses: [IPAddress]
        public let assetAddresses: [IPAddress]
        public var addresses: [IPAddress] { probeAddresses + assetAddresses }
    }

    /// A Modbus channel's path through the guard: source hosts to a PLC, redirected to a guard port.
    public struct GuardRoute: Sendable {
        public let conduit: String
        public let sources: [IPNetwork]
        public let plc: IPAddress
        public let plcZone: String
        public let guardPort: UInt16
    }

    /// A unidirectional channel carried by a diode link from the transmit host's zone namespace to the receive
    /// host's diode-facing side, a namespace of its own (`namespace`) reached only through the link.
    public struct DiodeLink: Sendable {
        public let namespace: String
        public let conduit: String
        public let txZone: String
        public let tx: IPAddress
        public let rxZone: String
        public let rx: IPAddress
        public let port: UInt16
        public let interface: String
    }

    public static let standardPorts: [ServicePort] = [
        .init(.tcp, 502), .init(.tcp, 44818), .init(.tcp, 102), .init(.tcp, 4840), .init(.tcp, 20000), .init(.tcp, 2404),
        .init(.udp, 47808), .init(.tcp, 5450), .init(.tcp, 443), .init(.tcp, 3389), .init(.tcp, 22), .init(.tcp, 445), .init(.tcp, 80),
    ]
    public static let modbusPort: UInt16 = 502
    static let firstGuardPort: UInt16 = 15020

    public let name: String
    public let firewall: String
    public let zones: [ZoneHost]
    public let guards: [GuardRoute]
    public let diodes: [DiodeLink]
    /// Every port probed and listened on: the standard OT/IT list and every conduit port.
    public let ports: [ServicePort]

    public init(model: ZoneModel, name: String) throws(TestbedError) {
        self.name = name
        firewall = "zt-\(name)-fw"
        let policy = AccessPolicy(model: model)
        let linked = Set(model.conduits.flatMap(\.zones))
        var zones: [ZoneHost] = []
        for (index, zone) in model.zones.enumerated() {
            let assets = zone.assets.flatMap(\.addresses)
            var gateways: [IPAddress] = []
            var probes: [IPAddress] = []
            for subnet in zone.network.subnets {
                let used = Set(assets)
                let declared = zone.network.gateways.first { subnet.contains($0) && !used.contains($0) }
                guard let gateway = declared ?? Self.host(in: subnet, from: .first, avoiding: used),
                    let probe = Self.host(in: subnet, from: .last, avoiding: used.union([gateway]))
                else { throw TestbedError(.noAddresses, "zone \(zone.id): subnet \(subnet) has no free address for the gateway and probe host") }
                gateways.append(gateway)
                probes.append(probe)
            }
            let isolated = zone.airGapped || !linked.contains(zone.id) || zone.network.subnets.isEmpty
            zones.append(
                ZoneHost(
                    zone: zone.id, namespace: "zt-\(name)-z\(index)", firewallInterface: isolated ? nil : "z\(index)",
                    subnets: zone.network.subnets, gateways: gateways, probeAddresses: probes, assetAddresses: assets))
        }
        self.zones = zones
        var guards: [GuardRoute] = []
        var diodes: [DiodeLink] = []
        for rule in policy.rules where ModbusServers.isModbus(rule) {
            for plc in ModbusServers.of(rule, policy, model) {
                let sources = policy.networks(rule.sources, in: rule.from)
                guards.append(
                    GuardRoute(conduit: rule.conduitID, sources: sources, plc: plc, plcZone: rule.to, guardPort: Self.firstGuardPort + UInt16(guards.count)))
            }
        }
        for rule in policy.rules where rule.unidirectional {
            let sources = Self.diodeHosts(rule.sources, rule.from, model)
            let destinations = Self.diodeHosts(rule.destinations, rule.to, model)
            guard let tx = sources.first, let rx = destinations.first(where: { $0.family == tx.family }) else {
                throw TestbedError(.noAddresses, "conduit \(rule.conduitID): a diode channel needs one source and one destination host with an address")
            }
            if diodes.contains(where: { $0.tx == tx && $0.rx == rx }) { continue }
            diodes.append(
                DiodeLink(namespace: "zt-\(name)-d\(diodes.count)", conduit: rule.conduitID, txZone: rule.from, tx: tx, rxZone: rule.to, rx: rx, port: rule.port.ports.lower, interface: "dd\(diodes.count)"))
        }
        self.guards = guards
        self.diodes = diodes
        ports = Array(Set(Self.standardPorts + policy.rules.map { ServicePort($0.port.transport, $0.port.ports.lower) })).sorted()
    }

    public func zone(_ id: String) -> ZoneHost? { zones.first { $0.zone == id } }

    /// A diode end: the channel's host, or for a zone-wide end the zone's data diode asset (else its first host).
    private static func diodeHosts(_ scope: EndpointScope, _ zoneID: String, _ model: ZoneModel) -> [IPAddress] {
        if case .hosts(let networks) = scope { return networks.filter(\.isHost).map(\.address) }
        let assets = (model.zone(zoneID)?.assets ?? []).filter { !$0.addresses.isEmpty }
        return (assets.filter { $0.role == .dataDiode } + assets).flatMap(\.addresses)
    }

    /// Every namespace the testbed creates.
    public var namespaces: [String] { [firewall] + zones.map(\.namespace) + diodes.map(\.namespace) }

    private enum End { case first, last }

    private static func host(in subnet: IPNetwork, from end: End, avoiding used: Set<IPAddress>) -> IPAddress? {
        let hostBits = subnet.family.bitWidth - subnet.prefixLength
        guard hostBits >= 2 else { return nil }
        let span = UInt64(hostBits >= 64 ? Int64.max : (Int64(1) << Int64(hostBits)) - 1)
        for step in UInt64(1)..<min(span, 64) {
            let offset = end == .first ? step : span - step
            let address = subnet.family == .v4
                ? IPAddress(v4: subnet.address.v4Value + UInt32(offset))
                : IPAddress(v6High: subnet.address.high, low: subnet.address.low + offset)
            if !used.contains(address) { return address }
        }
        return nil
    }
}
