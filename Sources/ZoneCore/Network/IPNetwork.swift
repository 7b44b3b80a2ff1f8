import Foundation

/// An address prefix such as `10.20.0.0/16` or `fd00:20::/64`, always stored with host bits cleared.
public struct IPNetwork: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    public init(address: IPAddress, prefixLength: Int) {
        self.address = address.masked(to: prefixLength)
        self.prefixLength = prefixLength
    }

    /// A single host: /32 or /128.
    public init(host: IPAddress) {
        self.init(address: host, prefixLength: host.family.bitWidth)
    }

    /// Parses `ADDR/LEN` or a bare address (a host). Host bits are rejected unless `allowHostBits` is set.
    public init?(_ text: some StringProtocol, allowHostBits: Bool = false) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        var length = address.family.bitWidth
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...address.family.bitWidth).contains(parsed) else { return nil }
            length = parsed
        }
        if !allowHostBits && address.masked(to: length) != address { return nil }
        self.init(address: address, prefixLength: length)
    }

    public var family: IPAddress.Family { address.family }
    public var isHost: Bool { prefixLength == family.bitWidth }

    public func contains(_ other: IPAddress) -> Bool {
        other.family == family && other.masked(to: prefixLength) == address
    }

    public func contains(_ other: IPNetwork) -> Bool {
        other.family == family && other.prefixLength >= prefixLength && contains(other.address)
    }

    public func overlaps(_ other: IPNetwork) -> Bool { contains(other) || other.contains(self) }

    /// Dotted netmask for IPv4 (`255.255.0.0`), as Cisco ASA and IOS want it.
    public var netmask: String {
        let (_, low) = IPAddress.mask(prefixLength: prefixLength, family: .v4)
        return IPAddress(v4: UInt32(truncatingIfNeeded: low)).description
    }

    /// Cisco wildcard mask (`0.0.255.255`).
    public var wildcardMask: String {
        let (_, low) = IPAddress.mask(prefixLength: prefixLength, family: .v4)
        return IPAddress(v4: ~UInt32(truncatingIfNeeded: low)).description
    }

    public var description: String { "\(address)/\(prefixLength)" }

    public static func < (lhs: IPNetwork, rhs: IPNetwork) -> Bool {
        (lhs.address, lhs.prefixLength) < (rhs.address, rhs.prefixLength)
    }
}

/// An interface address: host bits kept, with the prefix of its network (`10.20.1.1/16`).
public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let network: IPNetwork

    public init?(_ text: some StringProtocol) {
        guard let network = IPNetwork(text, allowHostBits: true), let address = IPAddress(text.split(separator: "/")[0])
        else { return nil }
        self.address = address
        self.network = network
    }

    public var description: String { "\(address)/\(network.prefixLength)" }
}
