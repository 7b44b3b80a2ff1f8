import ModbusDPI
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite struct FrameDecoderTests {
    /// Channel handlers that frame a stream: NIO's generic handler around the decoder (the simulator's), and the
    /// guard's client-side handler with a partial-frame timer.
    static let framers: [@Sendable () -> any ChannelHandler] = [
        { ByteToMessageHandler(ModbusFrameDecoder()) },
        { ModbusFrameHandler(partialFrameTimeout: .seconds(5)) },
    ]

    /// Decodes `input` delivered in the given segments through `framers[framer]`, or, for the index after the
    /// last one, through ``ModbusFrameReader`` as the guard's upstream side (``ModbusUpstreamHandler``) drives it;
    /// returns the frames and the error, if any. All must agree on every input.
    static func decode(_ input: ByteBuffer, segments: [Int], framer: Int = 0) -> (frames: [ModbusFrame], error: ModbusError?) {
        guard framer < framers.count else { return read(input, segments: segments) }
        let channel = EmbeddedChannel(handler: framers[framer]())
        var frames: [ModbusFrame] = []
        var remaining = input
        do {
            for size in segments {
                guard let piece = remaining.readSlice(length: min(size, remaining.readableBytes)) else { break }
                try channel.writeInbound(piece)
                while let frame = try channel.readInbound(as: ModbusFrame.self) { frames.append(frame) }
            }
            _ = try channel.finish()
            while let frame = try channel.readInbound(as: ModbusFrame.self) { frames.append(frame) }
            return (frames, nil)
        } catch let error as ModbusError {
            while let frame = try? channel.readInbound(as: ModbusFrame.self) { frames.append(frame) }
            return (frames, error)
        } catch {
            Issue.record("unexpected error \(error)")
            return (frames, nil)
        }
    }

    /// The upstream side's framing: reads through ``ModbusFrameReader``, then bytes left at the end are a
    /// truncated frame, as ``ModbusUpstreamHandler`` reports them when the server closes.
    static func read(_ input: ByteBuffer, segments: [Int]) -> (frames: [ModbusFrame], error: ModbusError?) {
        let reader = ModbusFrameReader()
        var frames: [ModbusFrame] = []
        var remaining = input
        do {
            for size in segments {
                guard let piece = remaining.readSlice(length: min(size, remaining.readableBytes)) else { break }
                _ = try reader.read(piece, allocator: ByteBufferAllocator()) { frame in
                    frames.append(frame)
                    return true
                }
            }
        } catch let error as ModbusError {
            return (frames, error)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return (frames, reader.carriedBytes > 0 ? ModbusError.truncatedFrame(reader.carriedBytes) : nil)
    }

    @Test(arguments: CorpusEntry.load("framing-corpus.txt"))
    func framingCorpusAgreesAcrossSegmentations(_ entry: CorpusEntry) {
        let bytes = entry.bytes
        let whole = Self.decode(bytes, segments: [bytes.readableBytes])
        if entry.expected.hasPrefix("frames:") {
            #expect(whole.error == nil, "\(entry.name): \(String(describing: whole.error))")
            #expect(whole.frames.count == Int(entry.expected.dropFirst("frames:".count)))
        } else {
            #expect(whole.error?.code.description == String(entry.expected.dropFirst("error:".count)),
                    "\(entry.name): \(String(describing: whole.error))")
        }
        for framer in 0...Self.framers.count {
            let once = Self.decode(bytes, segments: [bytes.readableBytes], framer: framer)
            #expect(once.frames == whole.frames && once.error == whole.error, "framer \(framer) differs for \(entry.name)")
            let drip = Self.decode(bytes, segments: Array(repeating: 1, count: bytes.readableBytes), framer: framer)
            #expect(drip.frames == whole.frames && drip.error == whole.error,
                    "1-byte segments differ for \(entry.name), framer \(framer)")
            for split in 1..<max(1, bytes.readableBytes) {
                let two = Self.decode(bytes, segments: [split, bytes.readableBytes], framer: framer)
                #expect(two.frames == whole.frames && two.error == whole.error,
                        "split at \(split) differs for \(entry.name), framer \(framer)")
            }
        }
    }

    @Test(arguments: framers.indices)
    func oversizeLengthIsRejectedBeforeTheBodyArrives(_ framer: Int) throws {
        let channel = EmbeddedChannel(handler: Self.framers[framer]())
        #expect(throws: ModbusError.lengthOutOfRange()) {
            try channel.writeInbound(ByteBuffer(hex: "0001 0000 0100"))
        }
    }

    @Test func verifierRoundTrip() throws {
        let frames = [
            ModbusFrame(transactionID: 1, unitID: 1, pdu: ByteBuffer(hex: "03 0000 000a")),
            ModbusFrame(transactionID: 0xFFFF, unitID: 255, pdu: ByteBuffer(hex: "10 0000 0002 04 00010002")),
            ModbusFrame(transactionID: 7, unitID: 0, pdu: ByteBuffer(hex: "11")),
        ]
        let pairs = frames.map { frame -> (ByteBuffer, [ModbusFrame]) in
            var buffer = ByteBuffer()
            let written = buffer.writeModbusFrame(frame)
            #expect(written == 7 + frame.pdu.readableBytes)
            return (buffer, [frame])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { ModbusFrameDecoder() }
    }
}
