import ZoneCore

/// Gives host and service groups stable names taken from the model (asset tags, service ids), one name per
/// distinct content, so that generated configurations declare each group once and change little when the model does.
struct GroupNamer {
    private var hostGroups: [[IPNetwork]: AddressGroup] = [:]
    private var usedHostNames: Set<String> = []
    private var serviceGroups: [[ServicePort]: ServiceGroup] = [:]
    private var usedServiceNames: Set<String> = []

    static let maximumLength = 60

    mutating func hosts(networks: [IPNetwork], references: [EndpointReference]) -> AddressGroup {
        let key = networks.sortedUnique()
        if let group = hostGroups[key] { return group }
        let base = "HOST-" + references.map { reference -> String in
            switch reference {
            case .asset(let name): name
            case .network(let network): network.isHost ? network.address.description : "\(network.address)-\(network.prefixLength)"
            }
        }.joined(separator: "_")
        let name = Self.unique(Identifier.clip(Identifier.safe(base), to: Self.maximumLength), in: &usedHostNames)
        let group = AddressGroup(name: name, kind: .hosts, networks: key)
        hostGroups[key] = group
        return group
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
        while used.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        used.insert(candidate)
        return candidate
    }
}
