import ZoneCore

/// Gives host and service groups stable names taken from the model (asset tags, service ids), one name per
/// distinct content, so that generated configurations declare each group once and change little when the model does.
struct GroupNamer {
    private var hostGroups: [PrehashedList<IPNetwork>: AddressGroup] = [:]
    private var usedHostNames: Set<String> = []
    private var serviceGroups: [PrehashedList<ServicePort>: ServiceGroup] = [:]
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
        let key: PrehashedList<IPNetwork>
        let name: String

        var networks: [IPNetwork] { key.elements }

        init(networks: [IPNetwork], references: [EndpointReference]) {
            key = PrehashedList(networks.sortedUnique())
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

    /// A service group as a channel asks for it: its sorted ports, worked out apart from the namer like hosts.
    struct ServiceRequest: Sendable {
        let key: PrehashedList<ServicePort>
        let serviceID: String?

        init(ports: [ServicePort], serviceID: String?) {
            key = PrehashedList(ports.sortedUnique())
            self.serviceID = serviceID
        }
    }

    mutating func service(_ request: ServiceRequest) -> ServiceGroup {
        if let group = serviceGroups[request.key] { return group }
        let ports = request.key.elements
        let catalog = request.serviceID.flatMap(ServiceCatalog.service(id:))
        let base: String
        if let catalog, Set(catalog.ports) == Set(ports) {
            base = "SVC-" + catalog.id.uppercased()
        } else {
            base = "SVC-" + ports.map { "\($0.transport.rawValue.uppercased())-\($0.ports)" }.joined(separator: "_")
        }
        let name = Self.unique(Identifier.clip(Identifier.safe(base), to: Self.maximumLength), in: &usedServiceNames)
        let group = ServiceGroup(name: name, ports: ports)
        serviceGroups[request.key] = group
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

/// A list with its hash worked out once, where a request is prepared, so that the namer's lookups hash a number
/// instead of the whole list.
struct PrehashedList<Element: Hashable & Sendable>: Hashable, Sendable {
    let elements: [Element]
    private let hash: Int

    init(_ elements: [Element]) {
        self.elements = elements
        hash = elements.hashValue
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    static func == (lhs: PrehashedList, rhs: PrehashedList) -> Bool { lhs.hash == rhs.hash && lhs.elements == rhs.elements }
}
