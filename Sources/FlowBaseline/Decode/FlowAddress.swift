import Foundation

/// An endpoint of a flow: an IPv4 or IPv6 address, or a MAC address for layer-2 protocols (GOOSE, PROFINET).
/// Kept as two integers so the flow table hashes and compares it cheaply.
public struct FlowAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, Comparable {
        case mac = 0
        case v4 = 4
        case v6 = 6
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    public var high: UInt64
    public var low: UInt64

    public init(kind: Kind, high: UInt64, low: UInt64) {
        self.kind = kind
        self.high = high
        self.low = low
    }

    public init(v4: UInt32) { self.init(kind: .v4, high: 0, low: UInt64(v4)) }
    public init(mac: UInt64) { self.init(kind: .mac, high: 0, low: mac) }

    public static let none = FlowAddress(kind: .mac, high: 0, low: 0)

    public var isIP: Bool { kind != .mac }

    /// Parses dotted IPv4, IPv6 text, or a colon-separated MAC address.
    public init?(_ text: some StringProtocol) {
        let string = String(text)
        if let v4 = Self.parseV4(string) {
            self.init(v4: v4)
        } else if string.count == 17, string.split(separator: ":").count == 6,
            let value = UInt64(string.replacingOccurrences(of: ":", with: ""), radix: 16)
        {
            self.init(mac: value)
        } else if let (high, low) = Self.parseV6(string) {
            self.init(kind: .v6, high: high, low: low)
        } else {
            return nil
        }
    }

    private static func parseV4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, let octet = UInt32(part), octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseV6(_ text: String) -> (UInt64, UInt64)? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                if piece.contains("."), let v4 = parseV4(String(piece)) {
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    public var description: String {
        switch kind {
        case .v4:
            let value = UInt32(truncatingIfNeeded: low)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case .mac:
            return Self.macText(low)
        case .v6:
            return Self.v6Text(high: high, low: low)
        }
    }

    public static func macText(_ value: UInt64) -> String {
        (0..<6).map { index in
            let byte = UInt8(truncatingIfNeeded: value >> UInt64(40 - 8 * index))
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined(separator: ":")
    }

    /// RFC 5952 text: lower case, the longest run of two or more zero groups as `::`.
    static func v6Text(high: UInt64, low: UInt64) -> String {
        let groups = (0..<8).map { index -> UInt16 in
            let word = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> UInt64(48 - 16 * (index % 4)))
        }
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var run = index
                while run < 8 && groups[run] == 0 { run += 1 }
                if run - index > bestLength && run - index >= 2 {
                    bestStart = index
                    bestLength = run - index
                }
                index = run
            } else {
                index += 1
            }
        }
        let text = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return text.joined(separator: ":") }
        let head = text[0..<bestStart].joined(separator: ":")
        let tail = text[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// The /24 (IPv4) or /64 (IPv6) network holding this address, for grouping assets into zones.
    public var defaultNetwork: (address: FlowAddress, prefixLength: Int) {
        switch kind {
        case .v4: (FlowAddress(v4: UInt32(truncatingIfNeeded: low) & 0xFFFF_FF00), 24)
        case .v6: (FlowAddress(kind: .v6, high: high, low: 0), 64)
        case .mac: (self, 48)
        }
    }

    public static func < (lhs: FlowAddress, rhs: FlowAddress) -> Bool {
        (lhs.kind, lhs.high, lhs.low) < (rhs.kind, rhs.high, rhs.low)
    }
}
