/// DNP3 over TCP/UDP: link header 0x0564 and the application function code of the first block.
public enum DNP3Parser {
    public static func matches(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 10 && payload[0] == 0x05 && payload[1] == 0x64 && payload[2] >= 5
    }

    public static func operation(forFunction code: UInt8) -> OperationClass {
        switch code {
        case 1, 22: .read
        case 2, 3, 4, 5, 6: .write
        case 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24: .control
        case 25, 26, 27, 28, 29, 30: .program
        default: []
        }
    }

    public static func parse(_ payload: UnsafeRawBufferPointer, into observation: inout FlowObservation) {
        var offset = 0
        while offset + 10 <= payload.count, payload[offset] == 0x05, payload[offset + 1] == 0x64 {
            let length = Int(payload[offset + 2])
            guard length >= 5 else { return }
            let userBytes = length - 5
            // The first data block starts after the 10-byte header: transport byte, application control, function.
            if userBytes >= 3, offset + 13 <= payload.count {
                let code = payload[offset + 12]
                observation.functionCodes.append(code)
                if code < 0x81 {
                    observation.requestCodes.append(code)
                    observation.operations.formUnion(operation(forFunction: code))
                }
            }
            let blocks = (userBytes + 15) / 16
            offset += 10 + userBytes + blocks * 2
        }
    }
}
