/// Transport numbers used in flow keys: IP protocol numbers, plus a marker for layer-2 protocols.
public enum FlowTransport {
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpv6: UInt8 = 58
    /// A flow between MAC addresses, keyed by EtherType (GOOSE, PROFINET).
    public static let ethernet: UInt8 = 255

    public static func name(_ value: UInt8) -> String {
        switch value {
        case tcp: "tcp"
        case udp: "udp"
        case icmp: "icmp"
        case icmpv6: "icmpv6"
        case ethernet: "ethernet"
        default: "ip-\(value)"
        }
    }

    public static func number(_ name: String) -> UInt8? {
        switch name.lowercased() {
        case "tcp": tcp
        case "udp": udp
        case "icmp": icmp
        case "icmpv6", "icmp6": icmpv6
        case "ethernet", "eth": ethernet
        default: name.hasPrefix("ip-") ? UInt8(name.dropFirst(3)) : nil
        }
    }
}

/// The headers of one frame, filled by ``PacketDecoder``; `payload` points into the capture buffer.
public struct DecodedFrame {
    public var sourceMAC: UInt64 = 0
    public var destinationMAC: UInt64 = 0
    public var hasMAC = false
    /// Ethernet frames name the receiver; cooked captures name only the sender.
    public var hasDestinationMAC = false
    /// Outer and inner 802.1Q/802.1ad VLAN ids; 0 when untagged.
    public var outerVLAN: UInt16 = 0
    public var innerVLAN: UInt16 = 0
    public var etherType: UInt16 = 0
    public var isIP = false
    public var source = FlowAddress.none
    public var destination = FlowAddress.none
    public var ipProtocol: UInt8 = 0
    public var hasPorts = false
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpFlags: UInt8 = 0
    public var tcpSequence: UInt32 = 0
    /// Transport payload for TCP/UDP, the EtherType payload for layer-2 protocols.
    public var payload = UnsafeRawBufferPointer(start: nil, count: 0)

    public init() {}

    public var isSYN: Bool { tcpFlags & 0x12 == 0x02 }
    public var isSYNACK: Bool { tcpFlags & 0x12 == 0x12 }
}
