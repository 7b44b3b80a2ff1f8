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
    /// Where the IPv6 networks start in `networks`.
    private let v4Count: Int

    public init(name: String, kind: Kind, networks: [IPNetwork]) {
        self.init(name: name, kind: kind, sortedUnique: networks.sortedUnique())
    }

    init(name: String, kind: Kind, sortedUnique networks: [IPNetwork]) {
        self.name = name
        self.kind = kind
        self.networks = networks
        v4Count = networks.firstIndex { $0.family == .v6 } ?? networks.count
    }

    /// The networks of one family, in order.
    public func networks(_ family: IPAddress.Family) -> ArraySlice<IPNetwork> {
        family == .v4 ? networks[..<v4Count] : networks[v4Count...]
    }

    public var families: Set<IPAddress.Family> {
        var families: Set<IPAddress.Family> = []
        if v4Count > 0 { families.insert(.v4) }
        if v4Count < networks.count { families.insert(.v6) }
        return families
    }

    /// Whether a packet could come from one group and go to the other: both hold a network of one family.
    public func sharesFamily(with other: AddressGroup) -> Bool {
        (v4Count > 0 && other.v4Count > 0) || (v4Count < networks.count && other.v4Count < other.networks.count)
    }
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
