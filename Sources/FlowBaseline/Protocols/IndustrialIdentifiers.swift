/// Payload checks for the industrial protocols without function-level parsing here: OPC UA, BACnet/IP,
/// and the layer-2 protocols PROFINET and IEC 61850 GOOSE/SV.
public enum IndustrialIdentifiers {
    static let opcMessageTypes: [[UInt8]] = [Array("HEL".utf8), Array("ACK".utf8), Array("OPN".utf8), Array("MSG".utf8), Array("CLO".utf8), Array("ERR".utf8), Array("RHE".utf8)]

    /// OPC UA Binary: a three-letter message type, chunk type F/C/A, and a message size that fits.
    public static func isOPCUA(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 8 else { return false }
        let chunk = payload[3]
        guard chunk == UInt8(ascii: "F") || chunk == UInt8(ascii: "C") || chunk == UInt8(ascii: "A") else { return false }
        guard opcMessageTypes.contains(where: { payload.hasBytes($0) }) else { return false }
        let size = Int(payload.u32le(4))
        return size >= 8 && size <= 1 << 24
    }

    /// BACnet/IP: BVLC type 0x81, a known BVLC function, and a length of at least the BVLC header
    /// (some stacks write the header length rather than the datagram's).
    public static func isBACnet(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 4 && payload[0] == 0x81 && payload[1] <= 0x0C && (4...payload.count).contains(Int(payload.u16be(2)))
    }

    public static func bacnetOperation(_ payload: UnsafeRawBufferPointer) -> OperationClass {
        guard payload.count >= 6, payload[4] == 0x01 else { return [] }
        let control = payload[5]
        var offset = 6
        if control & 0x20 != 0 {
            guard offset + 3 <= payload.count else { return [] }
            offset += 3 + Int(payload[offset + 2])
        }
        if control & 0x08 != 0 {
            guard offset + 3 <= payload.count else { return [] }
            offset += 3 + Int(payload[offset + 2])
        }
        if control & 0x20 != 0 { offset += 1 }
        guard control & 0x80 == 0, offset < payload.count else { return [] }
        let pduType = payload[offset] >> 4
        switch pduType {
        case 0:
            guard offset + 3 < payload.count else { return [] }
            switch payload[offset + 3] {
            case 12, 14, 26: return .read
            case 15, 16: return .write
            case 17, 20: return .control
            case 6, 7, 8, 9, 10, 11: return .program
            default: return []
            }
        case 1:
            guard offset + 1 < payload.count else { return [] }
            return payload[offset + 1] == 0 || payload[offset + 1] == 8 ? .identity : []
        case 5, 6, 7: return .exception
        default: return []
        }
    }

    /// The layer-2 industrial protocol of an EtherType, if it is one.
    public static func layer2(etherType: UInt16, payload: UnsafeRawBufferPointer) -> Service? {
        switch etherType {
        case 0x88B8: return .goose
        case 0x88BA: return .sampledValues
        case 0x8892:
            guard payload.count >= 2 else { return .profinetRT }
            let frameID = payload.u16be(0)
            return (0xFEFC...0xFEFF).contains(frameID) ? .profinetDCP : .profinetRT
        default: return nil
        }
    }
}
