import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client side of the guard: a thin channel shell around ``ModbusGuardStateMachine``.
///
/// Purpose: judge every request a client sends and pass only allowed ones to the upstream channel.
///
/// Usage: place it after a ``ModbusFrameHandler`` in the client channel, then call
/// ``attach(upstream:)`` with a channel whose pipeline ends in ``ModbusUpstreamHandler`` for this handler
/// (which frames the upstream bytes itself).
/// Both channels must share one event loop. The policy closure is read for every request, so a reloaded
/// policy applies to open connections at once.
public final class ModbusGuardHandler: ChannelInboundHandler {
    public typealias InboundIn = ModbusFrame
    public typealias OutboundOut = ByteBuffer

    private var machine: ModbusGuardStateMachine
    private let policy: @Sendable () -> ModbusPolicy
    private let observer: any ModbusGuardObserver
    private var context: ChannelHandlerContext?
    private var upstream: (any Channel)?
    private var timer: Scheduled<Void>?
    /// The last buffer written to each side, reused for the next frame (see ``encode(_:reusing:allocator:)``).
    private var clientBuffer: ByteBuffer?
    private var upstreamBuffer: ByteBuffer?

    public init(source: IPPrefix, destination: IPPrefix, policy: @escaping @Sendable () -> ModbusPolicy,
                observer: any ModbusGuardObserver) {
        machine = ModbusGuardStateMachine(source: source, destination: destination)
        self.policy = policy
        self.observer = observer
    }

    /// Connects the handler to its upstream channel; requests wait in the tracker until then.
    public func attach(upstream channel: any Channel) {
        upstream = channel
    }

    public func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    public func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let output = machine.clientFrame(unwrapInboundIn(data), policy: policy(), now: context.eventLoop.now)
        apply(output)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? ModbusError {
            apply(machine.framingError(error, policy: policy()))
        } else {
            context.close(promise: nil)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        upstream?.close(promise: nil)
        context.fireChannelInactive()
    }

    /// A frame from the upstream server.
    public func upstreamResponse(_ frame: ModbusFrame) {
        guard let context else { return }
        apply(machine.upstreamFrame(frame, policy: policy(), now: context.eventLoop.now))
    }

    /// The upstream connection ended or broke its framing: the client connection follows it.
    public func upstreamClosed(_ error: ModbusError? = nil) {
        if let error {
            var record = machine.framingError(error, policy: policy()).audit
            for index in record.indices { record[index].event = .response }
            record.forEach(observer.audit)
        }
        context?.close(promise: nil)
    }

    private func apply(_ output: ModbusGuardStateMachine.Output) {
        guard let context else { return }
        // The last frame goes with the flush, so the usual single answer takes one pass through the pipeline.
        var unflushed: ByteBuffer?
        for frame in output.toClient {
            if let previous = unflushed { context.write(wrapOutboundOut(previous), promise: nil) }
            unflushed = Self.encode(frame, reusing: &clientBuffer, allocator: context.channel.allocator)
        }
        if let last = unflushed { context.writeAndFlush(wrapOutboundOut(last), promise: nil) }
        if let upstream {
            for frame in output.toUpstream {
                let buffer = Self.encode(frame, reusing: &upstreamBuffer, allocator: upstream.allocator)
                // One write per ADU: fragile servers answer only the first ADU of a coalesced segment.
                upstream.writeAndFlush(buffer, promise: nil)
            }
        }
        if let decision = output.decision { observer.decided(ruleID: decision.ruleID, verdict: decision.verdict) }
        if let answered = output.answered { observer.answered(after: answered) }
        for record in output.audit { observer.audit(record) }
        switch output.connection {
        case .keepOpen:
            armTimer(context)
        case .close:
            context.close(promise: nil)
        case .reset:
            reset(context)
        }
    }

    /// The frame as one ADU in `scratch`. Once the channel has written the previous frame the buffer is ours
    /// alone again and `clear()` keeps its memory, so steady traffic allocates nothing per frame; while the
    /// channel still holds it, `clear()` gives this frame fresh memory.
    private static func encode(_ frame: ModbusFrame, reusing scratch: inout ByteBuffer?,
                               allocator: @autoclosure () -> ByteBufferAllocator) -> ByteBuffer {
        var buffer = scratch ?? allocator().buffer(capacity: ModbusFrame.headerLength + ModbusFrame.maximumPDULength)
        scratch = nil
        buffer.clear()
        buffer.writeModbusFrame(frame)
        scratch = buffer
        return buffer
    }

    private func reset(_ context: ChannelHandlerContext) {
        let channel = context.channel
        guard let socket = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        // A zero linger time makes close() send RST instead of FIN.
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let deadline = machine.nextDeadline else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            apply(machine.expire(now: context.eventLoop.now, policy: policy()))
        }
    }
}

/// The upstream side of the guard: cuts the server's bytes into frames and hands them to the client's
/// ``ModbusGuardHandler``.
///
/// It frames the stream itself, with ``ModbusFrameReader``, so that each answer reaches the guard as a typed
/// value instead of passing one more pipeline step boxed in `NIOAny`. A broken header or a connection that ends
/// inside a frame closes the client connection; the audit record names the framing error's code, with event
/// `response`, since the broken bytes came from the server.
public final class ModbusUpstreamHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer

    private let guardHandler: ModbusGuardHandler
    private let reader = ModbusFrameReader()
    private var failed = false

    public init(guardHandler: ModbusGuardHandler) {
        self.guardHandler = guardHandler
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        do {
            _ = try reader.read(unwrapInboundIn(data), allocator: context.channel.allocator) { frame in
                guardHandler.upstreamResponse(frame)
                return !failed
            }
        } catch {
            fail(context, error)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        // After a failure the guard has been told already.
        if failed {
        } else if reader.carriedBytes > 0 {
            fail(context, ModbusError.truncatedFrame(reader.carriedBytes))
        } else {
            guardHandler.upstreamClosed()
        }
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, error)
    }

    private func fail(_ context: ChannelHandlerContext, _ error: any Error) {
        failed = true
        guardHandler.upstreamClosed(error as? ModbusError)
        context.close(promise: nil)
    }
}
