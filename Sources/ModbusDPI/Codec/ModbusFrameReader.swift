import NIOCore

/// Cuts the reads of a Modbus/TCP stream into ``ModbusFrame``s with ``ModbusFrameDecoder`` and keeps the
/// bytes of an unfinished frame for the next read.
///
/// Only the bytes of an unfinished frame are copied: the tail of a read that ends inside a frame, and from the
/// next read just the bytes that complete it (first the rest of the 6-byte MBAP header, to learn the length,
/// then the rest of the frame). Every other frame is a slice of the read it arrived in.
///
/// A class, so that code run by `deliver` (a pipeline closing the channel, say) may look at ``carriedBytes``
/// without overlapping an access to the reader that is still delivering.
public final class ModbusFrameReader {
    /// The MBAP bytes up to and including the length field, which counts the bytes after it.
    private static let lengthPrefix = 6

    private var decoder = ModbusFrameDecoder()
    /// Bytes of an unfinished frame from earlier reads.
    private var unfinished: ByteBuffer?

    public init() {}

    /// Bytes of an unfinished frame waiting for the next read.
    public var carriedBytes: Int { unfinished?.readableBytes ?? 0 }

    /// Hands every frame that `bytes` completes to `deliver`, in order, until `deliver` returns `false`; then
    /// the rest of the read is dropped, as the owner stops reading the stream. Returns how many frames it handed on.
    ///
    /// - Throws: ``ModbusError`` for a broken header; the stream cannot be resynchronised after it, and the
    ///   carried bytes are dropped.
    public func read(
        _ bytes: ByteBuffer, allocator: ByteBufferAllocator, deliver: (ModbusFrame) -> Bool
    ) throws -> Int {
        var input = bytes
        var delivered = 0
        if var pending = unfinished {
            unfinished = nil
            guard let frame = try Self.complete(&pending, from: &input, decoder: &decoder) else {
                unfinished = pending
                return 0
            }
            delivered += 1
            guard deliver(frame) else { return delivered }
        }
        while let frame = try decoder.decode(buffer: &input) {
            delivered += 1
            guard deliver(frame) else { return delivered }
        }
        if input.readableBytes > 0 {
            var kept = allocator.buffer(capacity: ModbusFrame.headerLength + ModbusFrame.maximumPDULength)
            kept.writeBuffer(&input)
            unfinished = kept
        }
        return delivered
    }

    /// Moves from `input` to `pending` only the bytes that finish its frame, and decodes it; `nil` when `input`
    /// ran out first.
    private static func complete(
        _ pending: inout ByteBuffer, from input: inout ByteBuffer, decoder: inout ModbusFrameDecoder
    ) throws -> ModbusFrame? {
        while true {
            if let frame = try decoder.decode(buffer: &pending) { return frame }
            guard input.readableBytes > 0 else { return nil }
            // The decoder accepted the header so far, so the length field, once there, is in range.
            let wanted = pending.readableBytes < lengthPrefix
                ? lengthPrefix - pending.readableBytes
                : lengthPrefix + Int(pending.getInteger(at: pending.readerIndex + 4, as: UInt16.self)!)
                    - pending.readableBytes
            var piece = input.readSlice(length: min(wanted, input.readableBytes))!
            pending.writeBuffer(&piece)
        }
    }
}
