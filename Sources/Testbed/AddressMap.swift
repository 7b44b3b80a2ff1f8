import Foundation
import ZoneCore

/// Maps a model's zone subnets into the test prefixes (198.18.0.0/15 and fd00::/8), deterministically by the
/// order of zones and subnets, and rewrites every address literal of the model text with it.
public struct AddressMap: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public let zone: String
        public let original: String
        public let mapped: String
    }

    public let entries: [Entry]
    private let pairs: [(original: IPNetwork, mapped: IPNetwork)]

    public init(model: ZoneModel) throws(TestbedError) {
        var v4: [(String, IPNetwork)] = []
        var v6: [(String, IPNetwork)] = []
        for zone in model.zones {
            for subnet in zone.network.subnets {
                if subnet.family == .v4 { v4.append((zone.id, subnet)) } else { v6.append((zone.id, subnet)) }
            }
        }
        guard !v4.isEmpty || !v6.isEmpty else {
            throw TestbedError(.noAddresses, "\(model.file): no zone has network.subnets; give every zone its subnets so the testbed can address it")
        }
        let v4Block = 15 + Self.bits(for: v4.count)
        guard v4Block <= 30 else { throw TestbedError(.noAddresses, "\(model.file): too many IPv4 subnets (\(v4.count)) for 198.18.0.0/15") }
        var pairs: [(original: IPNetwork, mapped: IPNetwork)] = []
        var entries: [Entry] = []
        for (index, (zone, subnet)) in v4.enumerated() {
            let prefix = max(subnet.prefixLength, v4Block)
            let base = UInt32(0xC612_0000) + (UInt32(index) << UInt32(32 - v4Block))
            let mapped = IPNetwork(address: IPAddress(v4: base), prefixLength: prefix)
            pairs.append((subnet, mapped))
            entries.append(Entry(zone: zone, original: subnet.description, mapped: mapped.description))
        }
        for (index, (zone, subnet)) in v6.enumerated() {
            let prefix = max(subnet.prefixLength, 48)
            let mapped = IPNetwork(address: IPAddress(v6High: 0xFD00_0000_0000_0000 | (UInt64(index + 1) << 16), low: 0), prefixLength: prefix)
            pairs.append((subnet, mapped))
            entries.append(Entry(zone: zone, original: subnet.description, mapped: mapped.description))
        }
        self.pairs = pairs
        self.entries = entries
    }

    private static func bits(for count: Int) -> Int {
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        return bits
    }

    /// The mapped address: the same offset inside the mapped subnet (the longest original subnet holding it).
    public func map(_ address: IPAddress) -> IPAddress? {
        guard let pair = pairs.filter({ $0.original.contains(address) }).max(by: { $0.original.prefixLength < $1.original.prefixLength })
        else { return nil }
        let hostBits = address.family.bitWidth - pair.mapped.prefixLength
        if address.family == .v4 {
            let mask: UInt32 = hostBits >= 32 ? .max : (UInt32(1) << UInt32(hostBits)) - 1
            return IPAddress(v4: pair.mapped.address.v4Value | ((address.v4Value &- pair.original.address.v4Value) & mask))
        }
        let lowMask: UInt64 = hostBits >= 64 ? .max : (UInt64(1) << UInt64(hostBits)) - 1
        let highMask: UInt64 = hostBits > 64 ? (UInt64(1) << UInt64(hostBits - 64)) - 1 : 0
        return IPAddress(v6High: pair.mapped.address.high | (address.high & highMask), low: pair.mapped.address.low | (address.low & lowMask))
    }

    public func map(_ network: IPNetwork) -> IPNetwork? {
        if let pair = pairs.first(where: { $0.original == network }) { return pair.mapped }
        guard let address = map(network.address),
            let holder = pairs.first(where: { $0.original.contains(network.address) })
        else { return nil }
        return IPNetwork(address: address, prefixLength: max(network.prefixLength, holder.mapped.prefixLength))
    }

    /// The model text with every IPv4/IPv6 address and network literal replaced by its mapped value.
    public func rewrite(_ text: String, file: String) throws(TestbedError) -> String {
        let pattern = #"(?<![0-9A-Za-z:.])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?:/\d{1,3})?(?![0-9A-Za-z:.])"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let source = text as NSString
        var result = ""
        var cursor = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let literal = source.substring(with: match.range)
            let replacement: String
            if literal.contains("/") {
                guard let network = IPNetwork(literal) else { continue }
                guard let mapped = map(network) else { throw outside(literal, text, match.range.location, file) }
                replacement = mapped.description
            } else {
                guard let address = IPAddress(literal) else { continue }
                guard let mapped = map(address) else { throw outside(literal, text, match.range.location, file) }
                replacement = mapped.description
            }
            result += source.substring(with: NSRange(location: cursor, length: match.range.location - cursor)) + replacement
            cursor = match.range.location + match.range.length
        }
        return result + source.substring(from: cursor)
    }

    private func outside(_ literal: String, _ text: String, _ offset: Int, _ file: String) -> TestbedError {
        let before = (text as NSString).substring(to: offset)
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = (before as NSString).range(of: "\n", options: .backwards).location
        let column = lineStart == NSNotFound ? offset + 1 : offset - lineStart
        return TestbedError(.noAddresses, "\(file):\(line):\(column): \(literal) is outside every zone subnet, so the testbed cannot map it")
    }

    /// The mapping, one line per subnet, as `up` prints it.
    public var text: String {
        entries.map { "\($0.zone): \($0.original) -> \($0.mapped)" }.joined(separator: "\n")
    }
}
