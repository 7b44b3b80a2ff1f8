import ModbusDPI
import NIOCore
import NIOEmbedded
import Testing

/// The partial-frame timeout on an embedded event loop whose clock the test moves.
@Suite struct PartialFrameTimeoutTests {
    static let timeout = TimeAmount.seconds(2)

    static func channel() -> EmbeddedChannel {
        EmbeddedChannel(handler: ModbusFrameHandler(partialFrameTimeout: timeout))
    }

    @Test func stalledFrameFailsAfterTheTimeoutAndNotBefore() throws {
        let channel = Self.channel()
        try channel.writeInbound(ByteBuffer(hex: "0001 0000 0006 01 03"))
        channel.embeddedEventLoop.advanceTime(by: Self.timeout - .milliseconds(1))
        try channel.throwIfErrorCaught()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(throws: ModbusError.partialFrameTimeout()) { try channel.throwIfErrorCaught() }
        // After the error the stream is dead: the rest of the frame yields nothing.
        try channel.writeInbound(ByteBuffer(hex: "0000 0001"))
        #expect(try channel.readInbound(as: ModbusFrame.self) == nil)
    }

    @Test func aSlowDripCountsFromTheFrameFirstByte() throws {
        let channel = Self.channel()
        let frame = ByteBuffer(hex: "0001 0000 0006 01 03 0000 0001")
        var sent = 0
        var failed = false
        for index in 0..<frame.readableBytes where !failed {
            try channel.writeInbound(frame.getSlice(at: index, length: 1)!)
            sent += 1
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
            do { try channel.throwIfErrorCaught() } catch let error as ModbusError {
                #expect(error.code == .partialFrameTimeout)
                failed = true
            }
        }
        #expect(failed && sent == 4)
        #expect(try channel.readInbound(as: ModbusFrame.self) == nil)
    }

    @Test func wholeFramesAndFinishedPartialsNeverTimeOut() throws {
        let channel = Self.channel()
        for transaction in 1...5 {
            try channel.writeInbound(ByteBuffer(hex: "000\(transaction) 0000 0006 01 03"))
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try channel.writeInbound(ByteBuffer(hex: "0000 0001"))
            #expect(try channel.readInbound(as: ModbusFrame.self)?.transactionID == UInt16(transaction))
            channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        }
        try channel.throwIfErrorCaught()
    }

    @Test func aNewPartialAfterACompletedFrameGetsItsOwnTime() throws {
        let channel = Self.channel()
        try channel.writeInbound(ByteBuffer(hex: "0001 0000 0006 01"))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1500))
        // Completes frame 1 and starts frame 2 in the same segment.
        try channel.writeInbound(ByteBuffer(hex: "03 0000 0001 0002 0000"))
        #expect(try channel.readInbound(as: ModbusFrame.self)?.transactionID == 1)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1500))
        try channel.throwIfErrorCaught()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(500))
        #expect(throws: ModbusError.partialFrameTimeout()) { try channel.throwIfErrorCaught() }
    }

    @Test func theGuardAuditsAndClosesAStalledClient() throws {
        let harness = try GuardHarness(GuardHandlerTests.readOnly, partialFrameTimeout: Self.timeout)
        try harness.send("0001 0000 0006 01 03 00")
        #expect(harness.client.isActive)
        harness.loop.advanceTime(by: Self.timeout)
        #expect(!harness.client.isActive)
        #expect(try harness.toUpstream() == nil)
        let record = try #require(harness.observer.records.last)
        #expect(record.event == .framing && record.verdict == .deny)
        #expect(record.cause == "partial-frame-timeout" && record.action == "close")
    }
}
