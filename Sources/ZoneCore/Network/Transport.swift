import Foundation

/// The transport of a conduit channel.
public enum Transport: String, Sendable, Codable, CaseIterable, Comparable {
    case tcp
    case udp

    public static func < (lhs: Transport, rhs: Transport) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An inclusive port range; a single port has `lower == upper`.
public struct PortRange: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let lower: UInt16
    public let upper: UInt16

    public init(_ port: UInt16) { self.init(lower: port, upper: port) }

    public init(lower: UInt16, upper: UInt16) {
        self.lower = min(lower, upper)
        self.upper = max(lower, upper)
    }

    /// Parses `502` or `1024-2047`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        func number(_ part: some StringProtocol) -> UInt16? { UInt16(String(part)) ?? UInt16(part.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let low = number(parts[0]), let high = number(parts[parts.count - 1]), low >= 1, low <= high
        else { return nil }
        self.init(lower: low, upper: high)
    }

    public var isSingle: Bool { lower == upper }
    public func contains(_ port: UInt16) -> Bool { lower <= port && port <= upper }
    public func overlaps(_ other: PortRange) -> Bool { lower <= other.upper && other.lower <= upper }
    public var description: String { isSingle ? "\(lower)" : "\(lower)-\(upper)" }
    public static func < (lhs: PortRange, rhs: PortRange) -> Bool { (lhs.lower, lhs.upper) < (rhs.lower, rhs.upper) }
}

/// A transport and a port range: the unit that firewall rules match on. Never crossed with other transports.
public struct ServicePort: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let transport: Transport
    public let ports: PortRange

    public init(_ transport: Transport, _ ports: PortRange) {
        self.transport = transport
        self.ports = ports
    }

    public init(_ transport: Transport, _ port: UInt16) { self.init(transport, PortRange(port)) }

    public var description: String { "\(transport)/\(ports)" }
    public static func < (lhs: ServicePort, rhs: ServicePort) -> Bool { (lhs.transport, lhs.ports) < (rhs.transport, rhs.ports) }
}
