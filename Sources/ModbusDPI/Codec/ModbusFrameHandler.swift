import NIOCore

/// Turns a Modbus/TCP byte stream into ``ModbusFrame``s with ``ModbusFrameDecoder``, and closes the door on
/// clients that start a frame and never finish it.
///
/// Frames are slices of the received buffer; only the bytes of an unfinished frame are copied and kept. With a
/// `partialFrameTimeout`, a frame that is still incomplete that long after its first byte arrived raises
/// ``ModbusError/Code/partialFrameTimeout`` through `errorCaught`, so a slow drip of bytes is treated like a
/// stall. After any error the stream is not decoded further; the owner closes it. The timer runs only while a
/// frame is incomplete, so whole frames cost no timer work.
public final class ModbusFrameHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ModbusFrame

    private var decoder = ModbusFrameDecoder()
    private let partialFrameTimeout: TimeAmount?
    /// Bytes of an unfinished frame carried over to the next read.
    private var carried: ByteBuffer?
    /// When the first byte of the unfinished frame arrived.
    private var partialSince: NIODeadline?
    private var timer: Scheduled<Void>?
    private var failed = false

    public init(partialFrameTimeout: TimeAmount? = nil) {
        self.partialFrameTimeout = partialFrameTimeout
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var input = unwrapInboundIn(data)
        if var pending = carried {
            carried = nil
            pending.writeBuffer(&input)
            input = pending
        }
        var decoded = false
        do {
            while !failed, let frame = try decoder.decode(buffer: &input) {
                decoded = true
                context.fireChannelRead(wrapInboundOut(frame))
            }
        } catch {
            fail(context, error)
            return
        }
        guard !failed, input.readableBytes > 0 else {
            partialSince = nil
            return
        }
        // Copy the few bytes left so the receive buffer can be reused.
        var kept = context.channel.allocator.buffer(capacity: ModbusFrame.headerLength + ModbusFrame.maximumPDULength)
        kept.writeBuffer(&input)
        carried = kept
        if decoded || partialSince == nil {
            partialSince = context.eventLoop.now
            armTimer(context)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if !failed, let carried, carried.readableBytes > 0 {
            fail(context, ModbusError.truncatedFrame(carried.readableBytes))
        }
        context.fireChannelInactive()
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        failed = true
        carried = nil
        partialSince = nil
        context.fireErrorCaught(error)
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let partialFrameTimeout, let partialSince else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: partialSince + partialFrameTimeout) { [self] in
            timer = nil
            guard !failed, let since = self.partialSince else { return }
            if context.eventLoop.now >= since + partialFrameTimeout {
                fail(context, ModbusError.partialFrameTimeout(carried?.readableBytes ?? 0, after: partialFrameTimeout))
            } else {
                // The frame that armed the timer completed and a newer one is unfinished.
                armTimer(context)
            }
        }
    }
}
