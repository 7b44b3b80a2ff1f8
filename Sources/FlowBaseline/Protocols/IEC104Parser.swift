/// IEC 60870-5-104: APCI frames (0x68, length, 4 control octets) and the ASDU type of I-format frames.
public enum IEC104Parser {
    public static func matches(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 6 && payload[0] == 0x68 && Int(payload[1]) >= 4 && Int(payload[1]) + 2 <= payload.count
    }

    public static func operation(forType type: UInt8) -> OperationClass {
        switch type {
        case 45...69: .write
        case 100, 101, 102: .read
        case 103, 104, 105, 106, 107: .control
        case 110...113: .write
        case 120...127: .program
        default: []
        }
    }

    public static func parse(_ payload: UnsafeRawBufferPointer, into observation: inout FlowObservation) {
        var offset = 0
        while offset + 6 <= payload.count, payload[offset] == 0x68 {
            let length = Int(payload[offset + 1])
            guard length >= 4 else { return }
            if payload[offset + 2] & 0x01 == 0, length >= 7, offset + 9 <= payload.count {
                let type = payload[offset + 6]
                observation.functionCodes.append(type)
                // Cause of transmission 6 (activation) and 8 (deactivation) come from the controlling station.
                let cause = payload[offset + 8] & 0x3F
                if cause == 6 || cause == 8 {
                    observation.requestCodes.append(type)
                    observation.operations.formUnion(operation(forType: type))
                }
            }
            offset += 2 + length
        }
    }
}
