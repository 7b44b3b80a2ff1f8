/// ISO-on-TCP (TPKT + COTP) carrying S7comm, S7comm-plus or IEC 61850 MMS on port 102.
public enum S7Parser {
    /// The protocol behind a TPKT/COTP data segment, if the payload is one.
    public static func identify(_ payload: UnsafeRawBufferPointer) -> Service? {
        guard payload.count >= 7, payload[0] == 3, payload[1] == 0, Int(payload.u16be(2)) >= 7 else { return nil }
        let cotpLength = Int(payload[4])
        let cotpType = payload[5] & 0xF0
        guard cotpLength >= 2, cotpType == 0xE0 || cotpType == 0xD0 || cotpType == 0xF0 || cotpType == 0x80 || cotpType == 0x70 else {
            return nil
        }
        if cotpType != 0xF0 { return .s7comm }
        let data = 5 + cotpLength
        guard data < payload.count else { return .s7comm }
        switch payload[data] {
        case 0x32: return .s7comm
        case 0x72: return .s7commPlus
        default: return .mms
        }
    }

    public static func operation(forFunction code: UInt8) -> OperationClass {
        switch code {
        case 0x04: .read
        case 0x05: .write
        case 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F: .program
        case 0x28, 0x29: .control
        default: []
        }
    }

    /// S7comm job and userdata PDUs: function codes of requests, errors of acknowledgements.
    public static func parse(_ payload: UnsafeRawBufferPointer, into observation: inout FlowObservation) {
        var offset = 0
        while offset + 7 <= payload.count, payload[offset] == 3 {
            let tpktLength = Int(payload.u16be(offset + 2))
            guard tpktLength >= 7 else { return }
            let cotpLength = Int(payload[offset + 4])
            let s7 = offset + 5 + cotpLength
            if payload[offset + 5] & 0xF0 == 0xF0, s7 + 10 <= payload.count, payload[s7] == 0x32 {
                let rosctr = payload[s7 + 1]
                switch rosctr {
                case 1:
                    if s7 + 10 < payload.count {
                        let code = payload[s7 + 10]
                        observation.functionCodes.append(code)
                        observation.requestCodes.append(code)
                        observation.operations.formUnion(operation(forFunction: code))
                    }
                case 2, 3:
                    if s7 + 12 <= payload.count, payload.u16be(s7 + 10) != 0 {
                        observation.exceptions += 1
                        observation.operations.insert(.exception)
                    }
                case 7:
                    observation.operations.insert(.identity)
                default:
                    break
                }
            }
            offset += tpktLength
        }
    }
}
