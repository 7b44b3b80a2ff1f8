import NIOCore
import NIOPosix

/// Syslog over TCP with RFC 6587 octet counting (`LEN SP MSG`), reconnecting whenever the connection is lost.
///
/// `send` never waits: it hands the framed message to the stream's event loop, which writes it, or queues it
/// while (re)connecting. The queue holds at most `maxQueued` messages; when the logging host stays away
/// longer, the oldest are dropped, and `onDrop` counts each of them. After a lost connection it reconnects at once, then backs
/// off from 100 ms to 5 s between failed attempts.
final class SyslogStream: Sendable {
    static let firstBackoff = TimeAmount.milliseconds(100)
    static let maxBackoff = TimeAmount.seconds(5)

    private final class State {
        var channel: (any Channel)?
        var queued = CircularBuffer<ByteBuffer>()
        var connecting = false
        var closed = false
        var backoff = SyslogStream.firstBackoff
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
        if let channel = state.channel {
            channel.writeAndFlush(frame, promise: nil)
            return
        }
        if state.queued.count >= maxQueued {
            state.queued.removeFirst()
            onDrop()
        }
        state.queued.append(frame)
        connect()
    }

    private func connect() {
        let state = state.value
        guard !state.closed, !state.connecting, state.channel == nil else { return }
        state.connecting = true
        ClientBootstrap(group: loop)
            .connectTimeout(Self.maxBackoff)
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
            state.backoff = Self.firstBackoff
            channel.closeFuture.whenComplete { _ in self.lost(channel) }
            while let frame = state.queued.popFirst() { channel.write(frame, promise: nil) }
            channel.flush()
        case .failure:
            retryLater()
        }
    }

    private func lost(_ channel: any Channel) {
        let state = state.value
        guard state.channel === channel else { return }
        state.channel = nil
        connect()
    }

    private func retryLater() {
        let state = state.value
        guard !state.closed else { return }
        let delay = state.backoff
        state.backoff = min(state.backoff * 2, Self.maxBackoff)
        loop.scheduleTask(in: delay) { self.connect() }
    }
}
