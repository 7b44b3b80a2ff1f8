import NIOCore

extension ModbusRequest {
    /// Checks that a response PDU answers this request (spec §6; Suricata's `value_mismatch` checks).
    ///
    /// - Throws: ``ModbusError/Code/responseMismatch`` when it does not.
    public func validate(response pdu: ByteBuffer, request requestPDU: ByteBuffer) throws {
        var body = pdu
        guard let code = body.readInteger(as: UInt8.self) else { throw ModbusError.responseMismatch("empty response") }
        if code == functionCode | 0x80 {
            guard body.readableBytes == 1 else { throw ModbusError.responseMismatch("exception response length") }
            return
        }
        guard code == functionCode else {
            throw ModbusError.responseMismatch("function \(code) answers function \(functionCode)")
        }
        switch functionCode {
        case 1, 2, 3, 4, 23:
            guard let span = read else { return }
            let expected = span.table == .coils || span.table == .discreteInputs ? (span.count + 7) / 8 : span.count * 2
            guard let count = body.readInteger(as: UInt8.self), Int(count) == expected, body.readableBytes == expected else {
                throw ModbusError.responseMismatch("read of \(span) needs \(expected) data bytes")
            }
        case 5, 6, 8, 15, 16, 22:
            // These responses echo the request (15/16: the first four data bytes).
            var echo = requestPDU
            echo.moveReaderIndex(forwardBy: 1)
            let length = functionCode == 15 || functionCode == 16 ? 4 : echo.readableBytes
            guard body.readableBytes == length, body.readableBytesView.elementsEqual(echo.readableBytesView.prefix(length))
            else { throw ModbusError.responseMismatch("function \(functionCode) echo differs from the request") }
        default:
            return
        }
    }
}
