import ZoneCore

/// A named set of prefixes: a zone's subnets or the hosts a channel names. Shared by all generators so that
/// object groups, address groups and nftables sets are declared once.
public struct AddressGroup: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case zone
        case hosts
    }

    public let name: String
    public let kind: Kind
    /// Sorted, IPv4 before IPv6.
    public let networks: [IPNetwork]
    public let families: Set<IPAddress.Family>

    public init(name: String, kind: Kind, networks: [IPNetwork]) {
        self.name = name
        self.kind = kind
        self.networks = networks.sortedUnique()
        families = Set(networks.map(\.family))
    }

    public func networks(_ family: IPAddress.Family) -> [IPNetwork] { networks.filter { $0.family == family } }
}

/// A named set of atomic (transport, port range) services; a transport is never combined with another's ports.
public struct ServiceGroup: Hashable, Sendable {
    public let name: String
    public let ports: [ServicePort]

    public init(name: String, ports: [ServicePort]) {
        self.name = name
        self.ports = ports.sortedUnique()
    }
}
