/// Modbus/TCP: MBAP framing, unit ids, function codes and their read/write/program class.
public enum ModbusParser {
    /// Whether `payload` starts with a plausible MBAP header and function code.
    public static func matches(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 8, payload.u16be(2) == 0 else { return false }
        let length = Int(payload.u16be(4))
        guard (2...254).contains(length), payload[7] & 0x7F >= 1 else { return false }
        let frameEnd = 6 + length
        return frameEnd == payload.count || (frameEnd + 8 <= payload.count && payload.u16be(frameEnd + 2) == 0)
    }

    public static func operation(forRequest code: UInt8) -> OperationClass {
        switch code {
        case 1, 2, 3, 4, 7, 11, 12, 20, 24: .read
        case 17: [.read, .identity]
        case 43: .identity
        case 5, 6, 15, 16, 21, 22: .write
        case 23: [.read, .write]
        case 8: .control
        case 40, 90, 125, 126: .program
        default: []
        }
    }

    /// Walks every MBAP frame in the segment (several PDUs can share one TCP segment).
    @inline(__always)
    public static func parse(_ payload: UnsafeRawBufferPointer, fromClient: Bool, into observation: inout FlowObservation) {
        var offset = 0
        while offset + 8 <= payload.count {
            guard payload.u16be(offset + 2) == 0 else { return }
            let length = Int(payload.u16be(offset + 4))
            guard length >= 2, length <= 254 else { return }
            let unit = payload[offset + 6]
            let raw = payload[offset + 7]
            let code = raw & 0x7F
            observation.functionCodes.append(code)
            observation.unitIDs.append(unit)
            if raw & 0x80 != 0 {
                observation.exceptions += 1
                observation.operations.insert(.exception)
            } else if fromClient {
                observation.requestCodes.append(code)
                observation.operations.formUnion(operation(forRequest: code))
            }
            offset += 6 + length
        }
        if offset > payload.count { observation.continuation = offset - payload.count }
    }
}
