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
        if let range = Self.plainDigits(text.utf8) {
            self = range
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        func number(_ part: some StringProtocol) -> UInt16? { UInt16(String(part)) ?? UInt16(part.trimmingWhitespace()) }
        guard (1...2).contains(parts.count), let low = number(parts[0]), let high = number(parts[parts.count - 1]), low >= 1, low <= high
        else { return nil }
        self.init(lower: low, upper: high)
    }

    /// `502` or `1024-2047` in bare ASCII digits, the form nearly every model uses; nil for anything else,
    /// which the general parser then judges.
    private static func plainDigits(_ bytes: some Collection<UInt8>) -> PortRange? {
        var bounds: (UInt32, UInt32) = (0, 0)
        var digits = 0
        var afterDash = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = UInt32(byte &- UInt8(ascii: "0"))
                if afterDash { bounds.1 = bounds.1 * 10 + digit } else { bounds.0 = bounds.0 * 10 + digit }
                digits += 1
                guard digits <= 5 else { return nil }
            case UInt8(ascii: "-") where !afterDash && digits > 0:
                afterDash = true
                digits = 0
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        let (low, high) = afterDash ? bounds : (bounds.0, bounds.0)
        guard low >= 1, low <= high, high <= UInt32(UInt16.max) else { return nil }
        return PortRange(lower: UInt16(low), upper: UInt16(high))
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
