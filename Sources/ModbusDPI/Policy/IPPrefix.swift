/// An IPv4 or IPv6 address prefix for policy sources and destinations (`10.20.0.0/16`, `fd00::/8`, a bare host).
///
/// ModbusDPI keeps its own small address type so that it depends on NIOCore only.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public let isIPv6: Bool
    /// The address as 128 bits; IPv4 uses the low 32.
    public let high: UInt64
    public let low: UInt64
    public let length: Int

    /// Parses `ADDR`, `ADDR/LEN`; host bits are cleared.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let (isIPv6, high, low) = Self.parseAddress(Substring(parts[0])) else { return nil }
        let width = isIPv6 ? 128 : 32
        var length = width
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...width).contains(parsed) else { return nil }
            length = parsed
        }
        self.init(isIPv6: isIPv6, high: high, low: low, length: length)
    }

    init(isIPv6: Bool, high: UInt64, low: UInt64, length: Int) {
        self.isIPv6 = isIPv6
        self.length = length
        let (maskHigh, maskLow) = Self.mask(isIPv6: isIPv6, length: length)
        self.high = high & maskHigh
        self.low = low & maskLow
    }

    /// Every IPv4 and IPv6 address.
    public static let anyAddress: [IPPrefix] = [IPPrefix("0.0.0.0/0")!, IPPrefix("::/0")!]

    public func contains(_ host: IPPrefix) -> Bool {
        guard host.isIPv6 == isIPv6, host.length >= length else { return false }
        let (maskHigh, maskLow) = Self.mask(isIPv6: isIPv6, length: length)
        return host.high & maskHigh == high && host.low & maskLow == low
    }

    private static func mask(isIPv6: Bool, length: Int) -> (UInt64, UInt64) {
        let bits = isIPv6 ? length : length + 96
        let highMask: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : ~UInt64(0) << (64 - bits))
        let lowMask: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? .max : ~UInt64(0) << (128 - bits))
        return (highMask, lowMask)
    }

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, octet.allSatisfy(\.isASCII), let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    private static func parseAddress(_ text: Substring) -> (Bool, UInt64, UInt64)? {
        if !text.contains(":") { return parseIPv4(text).map { (false, 0, UInt64($0)) } }
        var halves = [text]
        if let gap = text.firstRange(of: "::") {
            halves = [text[..<gap.lowerBound], text[gap.upperBound...]]
            guard !halves[1].contains("::") else { return nil }
        }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if index == fields.count - 1, field.contains("."), let v4 = parseIPv4(field) {
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                } else {
                    guard (1...4).contains(field.count), let group = UInt16(field, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else { return nil }
        let missing = 8 - head.count - tail.count
        guard halves.count == 2 ? missing >= 1 : missing == 0 else { return nil }
        let all = head + Array(repeating: 0, count: halves.count == 2 ? missing : 0) + tail
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (true, high, low)
    }

    public var description: String {
        let width = isIPv6 ? 128 : 32
        let address: String
        if isIPv6 {
            let groups = (0..<8).map { index -> String in
                let word = index < 4 ? high >> (48 - 16 * UInt64(index)) : low >> (48 - 16 * UInt64(index - 4))
                return String(UInt16(truncatingIfNeeded: word), radix: 16)
            }
            address = groups.joined(separator: ":")
        } else {
            address = (0..<4).map { String(UInt8(truncatingIfNeeded: low >> (24 - 8 * UInt64($0)))) }.joined(separator: ".")
        }
        return length == width ? address : "\(address)/\(length)"
    }
}
