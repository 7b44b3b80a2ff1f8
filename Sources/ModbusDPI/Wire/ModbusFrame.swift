import NIOCore

/// One Modbus/TCP application data unit: the MBAP header fields that matter and the PDU.
///
/// ```
///  0               2               4               6       7
/// +---------------+---------------+---------------+-------+----------------------+
/// | transaction id| protocol id=0 | length (N+1)  | unit  | PDU (N bytes, ≤ 253) |
/// +---------------+---------------+---------------+-------+----------------------+
/// ```
public struct ModbusFrame: Hashable, Sendable {
    public var transactionID: UInt16
    public var unitID: UInt8
    /// Function code followed by its data; 1...253 bytes.
    public var pdu: ByteBuffer

    public init(transactionID: UInt16, unitID: UInt8, pdu: ByteBuffer) {
        self.transactionID = transactionID
        self.unitID = unitID
        self.pdu = pdu
    }

    /// The MBAP header is 7 bytes; the length field counts the unit id and the PDU.
    public static let headerLength = 7
    public static let maximumPDULength = 253
    public static let lengthFieldRange: ClosedRange<UInt16> = 2...254

    public var functionCode: UInt8 { pdu.getInteger(at: pdu.readerIndex, as: UInt8.self) ?? 0 }

    /// An exception response to this frame's request.
    public func exception(_ code: ModbusExceptionCode) -> ModbusFrame {
        var pdu = ByteBuffer()
        pdu.writeMultipleIntegers(functionCode | 0x80, code.rawValue)
        return ModbusFrame(transactionID: transactionID, unitID: unitID, pdu: pdu)
    }
}

extension ByteBuffer {
    /// Writes the frame with its MBAP header; returns the number of bytes written.
    @discardableResult
    public mutating func writeModbusFrame(_ frame: ModbusFrame) -> Int {
        precondition(frame.pdu.readableBytes >= 1 && frame.pdu.readableBytes <= ModbusFrame.maximumPDULength,
                     "PDU of \(frame.pdu.readableBytes) bytes cannot be framed")
        var written = writeMultipleIntegers(
            frame.transactionID, UInt16(0), UInt16(frame.pdu.readableBytes + 1), frame.unitID)
        written += writeImmutableBuffer(frame.pdu)
        return written
    }
}
