import NIOCore

/// Cuts the reads of a Modbus/TCP stream into ``ModbusFrame``s with ``ModbusFrameDecoder`` and carries the
/// bytes of an unfinished frame over to the next read.
///
/// Frames are slices of the received buffer; only the bytes of an unfinished frame are copied, so the receive
/// buffer can be reused. Per read: ``join(_:)``, ``next(from:)`` until it returns `nil`, then ``carry(_:allocator:)``.
public struct ModbusFrameReader {
    private var decoder = ModbusFrameDecoder()
    /// Bytes of an unfinished frame from the previous read.
    private var carried: ByteBuffer?

    public init() {}

    /// Bytes of an unfinished frame waiting for the next read.
    public var carriedBytes: Int { carried?.readableBytes ?? 0 }

    /// The bytes to decode: what was carried over followed by `bytes`.
    public mutating func join(_ bytes: ByteBuffer) -> ByteBuffer {
        guard var pending = carried else { return bytes }
        carried = nil
        var bytes = bytes
        pending.writeBuffer(&bytes)
        return pending
    }

    /// The next whole frame of `input`, or `nil` when the rest is unfinished.
    ///
    /// - Throws: ``ModbusError`` for a broken header; the stream cannot be resynchronised after it.
    public mutating func next(from input: inout ByteBuffer) throws -> ModbusFrame? {
        try decoder.decode(buffer: &input)
    }

    /// Keeps the unfinished rest of `input` for the next read; returns how many bytes that is.
    @discardableResult
    public mutating func carry(_ input: inout ByteBuffer, allocator: ByteBufferAllocator) -> Int {
        let count = input.readableBytes
        guard count > 0 else { return 0 }
        var kept = allocator.buffer(capacity: ModbusFrame.headerLength + ModbusFrame.maximumPDULength)
        kept.writeBuffer(&input)
        carried = kept
        return count
    }

    /// Drops the carried bytes after an error.
    public mutating func discard() { carried = nil }
}
