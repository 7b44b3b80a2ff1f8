import NIOCore
import NIOPosix

/// Syslog over TCP with RFC 6587 octet counting (`LEN SP MSG`), reconnecting whenever the connection is lost.
///
/// `send` never waits: it hands the framed message to the stream's event loop, which writes it, or queues it
/// while (re)connecting or while the connection is not writable (the logging host reads slower than the guard
/// logs, so more than ``writeBufferWaterMark`` waits in the socket's send path). The queue holds at most
/// `maxQueued` messages; when the logging host stays away or stalls longer, the oldest are dropped, and
/// `onDrop` counts each of them. After a lost connection or a failed attempt it waits before connecting again,
/// from 100 ms doubling up to 5 s; the wait starts again from 100 ms only once a connection stayed up for
/// ``stableConnection``, so a logging host that accepts and closes at once is not hammered.
final class SyslogStream: Sendable {
    static let firstBackoff = TimeAmount.milliseconds(100)
    static let maxBackoff = TimeAmount.seconds(5)
    /// How long a connection must last before a loss counts as a fresh start rather than another failure.
    static let stableConnection = TimeAmount.seconds(10)
    /// Bytes written but not yet taken by the socket above which the stream stops writing and queues instead.
    static let writeBufferWaterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 32 * 1024, high: 64 * 1024)

    private final class State {
        var channel: (any Channel)?
        var queued = CircularBuffer<ByteBuffer>()
        var connecting = false
        var closed = false
        var backoff = SyslogStream.firstBackoff
        var connectedSince: NIODeadline?
    }

    private let remote: SocketAddress
    private let loop: any EventLoop
    private let maxQueued: Int
    private let onDrop: @Sendable () -> Void
    private let state: NIOLoopBoundBox<State>

    init(remote: SocketAddress, loop: any EventLoop, maxQueued: Int, onDrop: @escaping @Sendable () -> Void) {
        self.remote = remote
        self.loop = loop
        self.maxQueued = maxQueued
        self.onDrop = onDrop
        state = NIOLoopBoundBox.makeBoxSendingValue(State(), eventLoop: loop)
        loop.execute { self.connect() }
    }

    func send(_ message: String) {
        var frame = ByteBufferAllocator().buffer(capacity: message.utf8.count + 6)
        frame.writeString(String(message.utf8.count))
        frame.writeInteger(UInt8(ascii: " "))
        frame.writeString(message)
        if loop.inEventLoop {
            enqueue(frame)
        } else {
            loop.execute { [frame] in self.enqueue(frame) }
        }
    }

    func close() async {
        let channel = try? await loop.submit { () -> (any Channel)? in
            let state = self.state.value
            state.closed = true
            state.queued.removeAll()
            return state.channel
        }.get()
        try? await channel?.close()
    }

    private func enqueue(_ frame: ByteBuffer) {
        let state = state.value
        guard !state.closed else { return }
        if let channel = state.channel, channel.isWritable, state.queued.isEmpty {
            channel.writeAndFlush(frame, promise: nil)
            return
        }
        if state.queued.count >= maxQueued {
            state.queued.removeFirst()
            onDrop()
        }
        // Queued until a connection takes it; one is being made or retried after its backoff already.
        state.queued.append(frame)
    }

    /// Writes queued messages while the connection takes them.
    private func drain() {
        let state = state.value
        guard let channel = state.channel else { return }
        while channel.isWritable, let frame = state.queued.popFirst() { channel.write(frame, promise: nil) }
        channel.flush()
    }

    private func connect() {
        let state = state.value
        guard !state.closed, !state.connecting, state.channel == nil else { return }
        state.connecting = true
        ClientBootstrap(group: loop)
            .connectTimeout(Self.maxBackoff)
            .channelOption(.writeBufferWaterMark, value: Self.writeBufferWaterMark)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(WritabilityHandler { self.drain() })
            } }
            .connect(to: remote)
            .whenComplete { result in self.connected(result) }
    }

    private func connected(_ result: Result<any Channel, any Error>) {
        let state = state.value
        state.connecting = false
        switch result {
        case .success(let channel):
            guard !state.closed else {
                channel.close(promise: nil)
                return
            }
            state.channel = channel
            state.connectedSince = .now()
            channel.closeFuture.whenComplete { _ in self.lost(channel) }
            drain()
        case .failure:
            retryLater()
        }
    }

    private func lost(_ channel: any Channel) {
        let state = state.value
        guard state.channel === channel else { return }
        state.channel = nil
        if let since = state.connectedSince, .now() - since >= Self.stableConnection {
            state.backoff = Self.firstBackoff
        }
        state.connectedSince = nil
        retryLater()
    }

    private func retryLater() {
        let state = state.value
        guard !state.closed else { return }
        let delay = state.backoff
        state.backoff = min(state.backoff * 2, Self.maxBackoff)
        loop.scheduleTask(in: delay) { self.connect() }
    }
}

/// Tells the stream when its connection can take more bytes again.
private final class WritabilityHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let writable: () -> Void

    init(writable: @escaping () -> Void) { self.writable = writable }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { writable() }
        context.fireChannelWritabilityChanged()
    }
}
