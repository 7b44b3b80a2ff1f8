import NIOCore

/// Turns a Modbus/TCP byte stream into ``ModbusFrame``s with ``ModbusFrameReader``, and closes the door on
/// clients that start a frame and never finish it.
///
/// Frames are slices of the read they arrived in, except one that spans reads, which ``ModbusFrameReader``
/// assembles from its copied bytes (see there). With a
/// `partialFrameTimeout`, a frame that is still incomplete that long after its first byte arrived raises
/// ``ModbusError/Code/partialFrameTimeout`` through `errorCaught`, so a slow drip of bytes is treated like a
/// stall. After any error the stream is not decoded further; the owner closes it. The timer runs only while a
/// frame is incomplete, so whole frames cost no timer work.
public final class ModbusFrameHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ModbusFrame

    private let reader = ModbusFrameReader()
    private let partialFrameTimeout: TimeAmount?
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
        let delivered: Int
        do {
            delivered = try reader.read(unwrapInboundIn(data), allocator: context.channel.allocator) { frame in
                context.fireChannelRead(wrapInboundOut(frame))
                return !failed
            }
        } catch {
            fail(context, error)
            return
        }
        guard !failed, reader.carriedBytes > 0 else {
            partialSince = nil
            return
        }
        // A new unfinished frame (one completed in this read) or the first one: its clock starts now.
        if delivered > 0 || partialSince == nil {
            partialSince = context.eventLoop.now
            armTimer(context)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if !failed, reader.carriedBytes > 0 {
            fail(context, ModbusError.truncatedFrame(reader.carriedBytes))
        }
        context.fireChannelInactive()
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        failed = true
        partialSince = nil
        context.fireErrorCaught(error)
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let partialFrameTimeout, let partialSince else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: partialSince + partialFrameTimeout) { [self] in
            timer = nil
            guard !failed, let since = self.partialSince else { return }
            if context.eventLoop.now >= since + partialFrameTimeout {
                fail(context, ModbusError.partialFrameTimeout(reader.carriedBytes, after: partialFrameTimeout))
            } else {
                // The frame that armed the timer completed and a newer one is unfinished.
                armTimer(context)
            }
        }
    }
}
