import ZoneCore

/// Gives host and service groups stable names taken from the model (asset tags, service ids), one name per
/// distinct content, so that generated configurations declare each group once and change little when the model does.
struct GroupNamer {
    private var hostNames: [[IPNetwork]: String] = [:]
    private var usedHostNames: Set<String> = []
    private var serviceNames: [[ServicePort]: String] = [:]
    private var usedServiceNames: Set<String> = []

    static let maximumLength = 60

    mutating func hosts(networks: [IPNetwork], references: [EndpointReference]) -> AddressGroup {
        let key = Array(Set(networks)).sorted()
        if let name = hostNames[key] { return AddressGroup(name: name, kind: .hosts, networks: key) }
        let base = "HOST-" + references.map { reference -> String in
            switch reference {
            case .asset(let name): name
            case .network(let network): network.isHost ? network.address.description : "\(network.address)-\(network.prefixLength)"
            }
        }.joined(separator: "_")
        let name = Self.unique(Identifier.clip(Identifier.safe(base), to: Self.maximumLength), in: &usedHostNames)
        hostNames[key] = name
        return AddressGroup(name: name, kind: .hosts, networks: key)
    }

    mutating func service(ports: [ServicePort], serviceID: String?) -> ServiceGroup {
        let key = Array(Set(ports)).sorted()
        if let name = serviceNames[key] { return ServiceGroup(name: name, ports: key) }
        let catalog = serviceID.flatMap(ServiceCatalog.service(id:))
        let base: String
        if let catalog, Set(catalog.ports) == Set(key) {
            base = "SVC-" + catalog.id.uppercased()
        } else {
            base = "SVC-" + key.map { "\($0.transport.rawValue.uppercased())-\($0.ports)" }.joined(separator: "_")
        }
        let name = Self.unique(Identifier.clip(Identifier.safe(base), to: Self.maximumLength), in: &usedServiceNames)
        serviceNames[key] = name
        return ServiceGroup(name: name, ports: key)
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
