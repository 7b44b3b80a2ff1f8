import NIOCore

/// Splits a Modbus/TCP byte stream into ``ModbusFrame``s, strictly.
///
/// The header is checked as soon as its bytes arrive: a protocol identifier other than 0 or a length
/// outside 2...254 throws before the decoder waits for the rest, so no more than 260 bytes are ever
/// buffered per frame. After an error the stream is never resynchronised; the owner closes it.
/// Bytes of an unfinished frame at end of stream are reported as ``ModbusError/Code/truncatedFrame``.
public struct ModbusFrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = ModbusFrame

    public init() {}

    public mutating func decode(buffer: inout ByteBuffer) throws -> ModbusFrame? {
        let start = buffer.readerIndex
        guard let protocolID = buffer.getInteger(at: start + 2, as: UInt16.self) else { return nil }
        guard protocolID == 0 else { throw ModbusError.protocolIdentifier(protocolID) }
        guard let length = buffer.getInteger(at: start + 4, as: UInt16.self) else { return nil }
        guard ModbusFrame.lengthFieldRange.contains(length) else { throw ModbusError.lengthOutOfRange(length) }
        guard buffer.readableBytes >= 6 + Int(length),
            let (transactionID, _, _, unitID) = buffer.readMultipleIntegers(as: (UInt16, UInt16, UInt16, UInt8).self),
            let pdu = buffer.readSlice(length: Int(length) - 1)
        else { return nil }
        return ModbusFrame(transactionID: transactionID, unitID: unitID, pdu: pdu)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ModbusFrame? {
        if let frame = try decode(buffer: &buffer) { return frame }
        if buffer.readableBytes > 0 { throw ModbusError.truncatedFrame(buffer.readableBytes) }
        return nil
    }
}
