import Foundation

/// An IPv4 or IPv6 address held as 128 bits; IPv4 lives in the low 32 bits.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Family: Int, Sendable, Codable, Comparable {
        case v4 = 4
        case v6 = 6

        public static func < (lhs: Family, rhs: Family) -> Bool { lhs.rawValue < rhs.rawValue }
        public var bitWidth: Int { self == .v4 ? 32 : 128 }
    }

    public let family: Family
    public let high: UInt64
    public let low: UInt64

    public init(v4 value: UInt32) {
        family = .v4
        high = 0
        low = UInt64(value)
    }

    public init(v6High high: UInt64, low: UInt64) {
        family = .v6
        self.high = high
        self.low = low
    }

    public var v4Value: UInt32 { UInt32(truncatingIfNeeded: low) }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail).
    public init?(_ text: some StringProtocol) {
        // A byte search: Foundation's substring search costs more than parsing the address.
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let parsed = Self.parseV6(Substring(text)) else { return nil }
            self = parsed
        } else {
            guard let value = Self.parseV4(Substring(text)) else { return nil }
            self.init(v4: value)
        }
    }

    /// Dotted quad, each octet 0–255 without leading zeros; read byte by byte because models hold many addresses.
    static func parseV4(_ text: Substring) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var octets = 0
        var leadingZero = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if leadingZero { return nil }
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, octets < 3 else { return nil }
                value = value << 8 | octet
                octets += 1
                octet = 0
                digits = 0
                leadingZero = false
            default:
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        return value << 8 | octet
    }

    static func parseV6(_ text: Substring) -> IPAddress? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowV4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowV4Tail && index == pieces.count - 1 && piece.utf8.contains(UInt8(ascii: ".")) {
                    guard let v4 = parseV4(piece) else { return nil }
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowV4Tail: false), let tail = groups(halves[1], allowV4Tail: true),
                head.count + tail.count < 8
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let full = groups(halves[0], allowV4Tail: true), full.count == 8 else { return nil }
            all = full
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for group in all[0..<4] { high = high << 16 | UInt64(group) }
        for group in all[4..<8] { low = low << 16 | UInt64(group) }
        return IPAddress(v6High: high, low: low)
    }

    public var description: String {
        switch family {
        case .v4:
            return v4Text
        case .v6:
            return v6Text
        }
    }

    /// Dotted quad, written byte by byte: generated configurations print tens of thousands of addresses.
    private var v4Text: String {
        let value = v4Value
        return String(unsafeUninitializedCapacity: 15) { buffer in
            var count = 0
            for shift in stride(from: 24, through: 0, by: -8) {
                let octet = Int(value >> UInt32(shift) & 0xFF)
                if octet >= 100 {
                    buffer[count] = UInt8(ascii: "0") + UInt8(octet / 100)
                    count += 1
                }
                if octet >= 10 {
                    buffer[count] = UInt8(ascii: "0") + UInt8(octet / 10 % 10)
                    count += 1
                }
                buffer[count] = UInt8(ascii: "0") + UInt8(octet % 10)
                count += 1
                if shift > 0 {
                    buffer[count] = UInt8(ascii: ".")
                    count += 1
                }
            }
            return count
        }
    }

    /// RFC 5952 text: lower case, longest run of two or more zero groups compressed.
    private var v6Text: String {
        var groups: [UInt16] = []
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 48, through: 0, by: -16) { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(shift))) }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        func hex(_ slice: ArraySlice<UInt16>) -> String { slice.map { String($0, radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(groups[...]) }
        return hex(groups[..<bestStart]) + "::" + hex(groups[(bestStart + bestLength)...])
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.family, lhs.high, lhs.low) < (rhs.family, rhs.high, rhs.low)
    }

    /// The address with every bit past `prefixLength` cleared.
    public func masked(to prefixLength: Int) -> IPAddress {
        let (maskHigh, maskLow) = Self.mask(prefixLength: prefixLength, family: family)
        return family == .v4
            ? IPAddress(v4: UInt32(truncatingIfNeeded: low & maskLow))
            : IPAddress(v6High: high & maskHigh, low: low & maskLow)
    }

    static func mask(prefixLength: Int, family: Family) -> (UInt64, UInt64) {
        switch family {
        case .v4:
            let bits = UInt64(UInt32.max) << UInt64(32 - prefixLength) & UInt64(UInt32.max)
            return (0, prefixLength == 0 ? 0 : bits)
        case .v6:
            let highMask: UInt64 = prefixLength >= 64 ? .max : (prefixLength == 0 ? 0 : .max << UInt64(64 - prefixLength))
            let lowMask: UInt64 =
                prefixLength <= 64 ? 0 : (prefixLength == 128 ? .max : .max << UInt64(128 - prefixLength))
            return (highMask, lowMask)
        }
    }
}

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad address \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
