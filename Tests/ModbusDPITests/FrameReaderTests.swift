import ModbusDPI
import NIOCore
import Testing

/// ``ModbusFrameReader`` copies only the bytes of a frame that spans reads.
@Suite struct FrameReaderTests {
    static let first = ByteBuffer(hex: "0001 0000 0006 01 03 0000 000a")
    static let second = ByteBuffer(hex: "0002 0000 0006 01 03 0010 0002")
    static let third = ByteBuffer(hex: "0003 0000 0006 01 06 0001 0005")

    /// Whether the readable bytes of `slice` lie in the memory of `buffer`'s readable bytes.
    static func isSlice(_ slice: ByteBuffer, of buffer: ByteBuffer) -> Bool {
        slice.withUnsafeReadableBytes { part in
            buffer.withUnsafeReadableBytes { whole in
                guard let start = part.baseAddress, let wholeStart = whole.baseAddress else { return false }
                return start >= wholeStart && start + part.count <= wholeStart + whole.count
            }
        }
    }

    /// Every frame `bytes` completes.
    static func frames(_ reader: ModbusFrameReader, _ bytes: ByteBuffer) throws -> [ModbusFrame] {
        var frames: [ModbusFrame] = []
        let delivered = try reader.read(bytes, allocator: ByteBufferAllocator()) { frame in
            frames.append(frame)
            return true
        }
        #expect(delivered == frames.count)
        return frames
    }

    /// `count` bytes from `offset` of `buffers` joined, as one read.
    static func read(_ buffers: [ByteBuffer], from offset: Int, count: Int) -> ByteBuffer {
        var joined = ByteBuffer()
        for var buffer in buffers { joined.writeBuffer(&buffer) }
        return joined.getSlice(at: offset, length: count)!
    }

    @Test func framesAfterACarriedFrameAreSlicesOfTheirRead() throws {
        let reader = ModbusFrameReader()
        let stream = [Self.first, Self.second, Self.third]
        let length = Self.first.readableBytes
        #expect(try Self.frames(reader, Self.read(stream, from: 0, count: 3)).isEmpty)
        #expect(reader.carriedBytes == 3)

        // The rest of the first frame, the whole second one and two bytes of the third.
        let next = Self.read(stream, from: 3, count: 2 * length - 3 + 2)
        let frames = try Self.frames(reader, next)
        #expect(frames.map(\.transactionID) == [1, 2])
        #expect(frames.map(\.pdu) == [ByteBuffer(hex: "03 0000 000a"), ByteBuffer(hex: "03 0010 0002")])
        #expect(!Self.isSlice(frames[0].pdu, of: next), "the carried frame is assembled in its own buffer")
        #expect(Self.isSlice(frames[1].pdu, of: next), "a frame after the carried one was copied")
        #expect(reader.carriedBytes == 2)

        let last = try Self.frames(reader, Self.read(stream, from: 2 * length + 2, count: length - 2))
        #expect(last.map(\.transactionID) == [3])
        #expect(reader.carriedBytes == 0)
    }

    @Test func aFrameCarriedOverSeveralReadsCompletesAcrossThem() throws {
        let reader = ModbusFrameReader()
        let stream = [Self.first, Self.second]
        // Two bytes, then the rest of the header and one byte, then the rest and the whole second frame.
        #expect(try Self.frames(reader, Self.read(stream, from: 0, count: 2)).isEmpty)
        #expect(try Self.frames(reader, Self.read(stream, from: 2, count: 5)).isEmpty)
        #expect(reader.carriedBytes == 7)
        let next = Self.read(stream, from: 7, count: 2 * Self.first.readableBytes - 7)
        let frames = try Self.frames(reader, next)
        #expect(frames.map(\.transactionID) == [1, 2])
        #expect(Self.isSlice(frames[1].pdu, of: next))
        #expect(reader.carriedBytes == 0)
    }

    @Test func aBrokenHeaderInACarriedFrameThrowsAndDropsTheCarriedBytes() throws {
        let reader = ModbusFrameReader()
        #expect(try Self.frames(reader, ByteBuffer(hex: "0001 00")).isEmpty)
        #expect(throws: ModbusError.protocolIdentifier()) { try Self.frames(reader, ByteBuffer(hex: "05 0006 01 03")) }
        #expect(reader.carriedBytes == 0)
    }

    @Test func deliveringStopsWhenTheOwnerSaysSo() throws {
        let reader = ModbusFrameReader()
        let stream = [Self.first, Self.second, Self.third]
        var seen: [UInt16] = []
        let delivered = try reader.read(Self.read(stream, from: 0, count: 2 * Self.first.readableBytes + 4),
                                        allocator: ByteBufferAllocator()) { frame in
            seen.append(frame.transactionID)
            return false
        }
        #expect(delivered == 1 && seen == [1])
        #expect(reader.carriedBytes == 0, "the rest of a read the owner stopped reading is not kept")
    }
}
