import ZoneCore

/// Gives host and service groups stable names taken from the model (asset tags, service ids), one name per
/// distinct content, so that generated configurations declare each group once and change little when the model does.
struct GroupNamer {
    private var hostGroups: [NetworksKey: AddressGroup] = [:]
    private var usedHostNames: Set<String> = []
    private var serviceGroups: [[ServicePort]: ServiceGroup] = [:]
    private var usedServiceNames: Set<String> = []

    static let maximumLength = 60

    /// Room for the groups of a large model from the start, rather than rehashing as they arrive.
    init(expectedGroups: Int = 0) {
        hostGroups.reserveCapacity(expectedGroups)
        usedHostNames.reserveCapacity(expectedGroups)
    }

    /// A host group as a channel asks for it: its sorted networks and the name it would like, worked out apart
    /// from the namer so that many can be prepared at once.
    struct HostRequest: Sendable {
        let key: NetworksKey
        let name: String

        var networks: [IPNetwork] { key.networks }

        init(networks: [IPNetwork], references: [EndpointReference]) {
            // The access policy hands over its networks sorted already; checking is cheaper than sorting again.
            key = NetworksKey(networks.isSortedUnique ? networks : networks.sortedUnique())
            var base = "HOST-"
            for (number, reference) in references.enumerated() {
                if number > 0 { base += "_" }
                switch reference {
                case .asset(let name): base += name
                case .network(let network):
                    base += network.isHost ? network.address.description : "\(network.address)-\(network.prefixLength)"
                }
            }
            name = Identifier.clip(Identifier.safe(base), to: GroupNamer.maximumLength)
        }

        /// The group without its final name, for checks that look only at the addresses.
        var unnamedGroup: AddressGroup { AddressGroup(name: name, kind: .hosts, sortedUnique: networks) }
    }

    /// The group for these networks: the one named before, or a new one under the requested name made unique.
    mutating func hosts(_ request: HostRequest) -> AddressGroup {
        if let group = hostGroups[request.key] { return group }
        let group = AddressGroup(name: Self.unique(request.name, in: &usedHostNames), kind: .hosts, sortedUnique: request.networks)
        hostGroups[request.key] = group
        return group
    }

    /// Networks with their hash worked out once, where the request is prepared, so that the namer's lookups
    /// hash a number instead of the whole list.
    struct NetworksKey: Hashable, Sendable {
        let networks: [IPNetwork]
        private let hash: Int

        init(_ networks: [IPNetwork]) {
            self.networks = networks
            hash = networks.hashValue
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (lhs: NetworksKey, rhs: NetworksKey) -> Bool { lhs.hash == rhs.hash && lhs.networks == rhs.networks }
    }

    mutating func service(ports: [ServicePort], serviceID: String?) -> ServiceGroup {
        let key = ports.sortedUnique()
        if let group = serviceGroups[key] { return group }
        let catalog = serviceID.flatMap(ServiceCatalog.service(id:))
        let base: String
        if let catalog, Set(catalog.ports) == Set(key) {
            base = "SVC-" + catalog.id.uppercased()
        } else {
            base = "SVC-" + key.map { "\($0.transport.rawValue.uppercased())-\($0.ports)" }.joined(separator: "_")
        }
        let name = Self.unique(Identifier.clip(Identifier.safe(base), to: Self.maximumLength), in: &usedServiceNames)
        let group = ServiceGroup(name: name, ports: key)
        serviceGroups[key] = group
        return group
    }

    private static func unique(_ base: String, in used: inout Set<String>) -> String {
        var candidate = base
        var number = 2
        while !used.insert(candidate).inserted {
            candidate = "\(base)-\(number)"
            number += 1
        }
        return candidate
    }
}
