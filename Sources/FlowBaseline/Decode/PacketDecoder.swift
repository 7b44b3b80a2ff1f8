/// Decodes link, VLAN, IP and transport headers of a frame without copying.
/// Frames it cannot read (unknown link type, truncated header) leave `isIP` false.
public enum PacketDecoder {
    static let etherIPv4: UInt16 = 0x0800
    static let etherIPv6: UInt16 = 0x86DD

    @inline(__always)
    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: UInt32, into frame: inout DecodedFrame) {
        frame = DecodedFrame()
        switch linkType {
        case LinkType.ethernet:
            guard bytes.count >= 14 else { return }
            frame.destinationMAC = bytes.mac(0)
            frame.sourceMAC = bytes.mac(6)
            frame.hasMAC = true
            frame.hasDestinationMAC = true
            var type = bytes.u16be(12)
            var offset = 14
            var tags = 0
            while (type == 0x8100 || type == 0x88A8 || type == 0x9100) && offset + 4 <= bytes.count {
                let vlan = bytes.u16be(offset) & 0x0FFF
                if tags == 0 { frame.outerVLAN = vlan } else if tags == 1 { frame.innerVLAN = vlan }
                tags += 1
                type = bytes.u16be(offset + 2)
                offset += 4
            }
            network(type, bytes.tail(from: offset), into: &frame)
        case LinkType.linuxSLL:
            guard bytes.count >= 16 else { return }
            if bytes.u16be(2) == 1 && bytes.u16be(4) == 6 {
                frame.sourceMAC = bytes.mac(6)
                frame.hasMAC = true
            }
            network(bytes.u16be(14), bytes.tail(from: 16), into: &frame)
        case LinkType.linuxSLL2:
            guard bytes.count >= 20 else { return }
            if bytes.u16be(8) == 1 && bytes[11] == 6 {
                frame.sourceMAC = bytes.mac(12)
                frame.hasMAC = true
            }
            network(bytes.u16be(0), bytes.tail(from: 20), into: &frame)
        case LinkType.raw, LinkType.rawBSD, LinkType.rawOpenBSD, LinkType.ipv4, LinkType.ipv6:
            guard let first = bytes.first else { return }
            network(first >> 4 == 6 ? etherIPv6 : etherIPv4, bytes, into: &frame)
        default:
            return
        }
    }

    @inline(__always)
    static func network(_ type: UInt16, _ bytes: UnsafeRawBufferPointer, into frame: inout DecodedFrame) {
        frame.etherType = type
        switch type {
        case etherIPv4: ipv4(bytes, into: &frame)
        case etherIPv6: ipv6(bytes, into: &frame)
        default: frame.payload = bytes
        }
    }

    @inline(__always)
    static func ipv4(_ bytes: UnsafeRawBufferPointer, into frame: inout DecodedFrame) {
        guard bytes.count >= 20, bytes[0] >> 4 == 4 else { return }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard headerLength >= 20, headerLength <= bytes.count else { return }
        let totalLength = min(Int(bytes.u16be(2)), bytes.count)
        frame.isIP = true
        frame.ipProtocol = bytes[9]
        frame.source = FlowAddress(v4: bytes.u32be(12))
        frame.destination = FlowAddress(v4: bytes.u32be(16))
        let fragmentOffset = bytes.u16be(6) & 0x1FFF
        guard fragmentOffset == 0, totalLength >= headerLength else { return }
        transport(UnsafeRawBufferPointer(rebasing: bytes[headerLength..<totalLength]), into: &frame)
    }

    static func ipv6(_ bytes: UnsafeRawBufferPointer, into frame: inout DecodedFrame) {
        guard bytes.count >= 40, bytes[0] >> 4 == 6 else { return }
        frame.isIP = true
        frame.source = FlowAddress(kind: .v6, high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                                   low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        frame.destination = FlowAddress(kind: .v6, high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                                        low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 32, as: UInt64.self)))
        let end = min(40 + Int(bytes.u16be(4)), bytes.count)
        var next = bytes[6]
        var offset = 40
        // Hop-by-hop, routing, fragment and destination-options headers precede the transport header.
        while offset + 8 <= end {
            switch next {
            case 0, 43, 60:
                let length = (Int(bytes[offset + 1]) + 1) * 8
                next = bytes[offset]
                offset += length
            case 44:
                let fragmentOffset = bytes.u16be(offset + 2) >> 3
                next = bytes[offset]
                offset += 8
                if fragmentOffset != 0 {
                    frame.ipProtocol = next
                    return
                }
            default:
                frame.ipProtocol = next
                guard offset <= end else { return }
                transport(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]), into: &frame)
                return
            }
        }
        frame.ipProtocol = next
    }

    @inline(__always)
    static func transport(_ bytes: UnsafeRawBufferPointer, into frame: inout DecodedFrame) {
        switch frame.ipProtocol {
        case FlowTransport.tcp:
            guard bytes.count >= 20 else { return }
            let headerLength = Int(bytes[12] >> 4) * 4
            guard headerLength >= 20, headerLength <= bytes.count else { return }
            frame.sourcePort = bytes.u16be(0)
            frame.destinationPort = bytes.u16be(2)
            frame.tcpFlags = bytes[13]
            frame.tcpSequence = bytes.u32be(4)
            frame.hasPorts = true
            frame.payload = bytes.tail(from: headerLength)
        case FlowTransport.udp:
            guard bytes.count >= 8 else { return }
            frame.sourcePort = bytes.u16be(0)
            frame.destinationPort = bytes.u16be(2)
            frame.hasPorts = true
            frame.payload = bytes.tail(from: 8)
        default:
            frame.payload = bytes
        }
    }
}
