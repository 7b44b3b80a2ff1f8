import NIOCore
import NIOPosix

/// Sends RFC 5424 messages to one logging host over UDP, or over TCP with RFC 6587 octet counting.
///
/// Sending never blocks the caller. Over TCP the sender reconnects after the logging host drops or refuses
/// the connection (see ``SyslogStream``); the guard starts even while the logging host is unreachable.
public final class SyslogSender: Sendable {
    private enum Transport: Sendable {
        case datagram(any Channel, SocketAddress)
        case stream(SyslogStream)
    }

    private let transport: Transport

    /// Messages kept for a TCP logging host that is unreachable, before the oldest are dropped.
    public static let defaultMaxQueued = 10_000

    private init(transport: Transport) {
        self.transport = transport
    }

    /// - Parameter onDrop: called for every message dropped because a TCP logging host stayed away too long.
    public static func connect(
        to target: SyslogTarget, group: any EventLoopGroup, maxQueued: Int = defaultMaxQueued,
        onDrop: @escaping @Sendable () -> Void = {}
    ) async throws -> SyslogSender {
        let remote = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
        switch target.transport {
        case .udp:
            let local = remote.protocol == .inet6 ? "::" : "0.0.0.0"
            let channel = try await DatagramBootstrap(group: group).bind(host: local, port: 0).get()
            return SyslogSender(transport: .datagram(channel, remote))
        case .tcp:
            return SyslogSender(
                transport: .stream(SyslogStream(remote: remote, loop: group.next(), maxQueued: maxQueued, onDrop: onDrop)))
        }
    }

    public func send(_ message: String) {
        switch transport {
        case .datagram(let channel, let remote):
            var buffer = channel.allocator.buffer(capacity: message.utf8.count)
            buffer.writeString(message)
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
        case .stream(let stream):
            stream.send(message)
        }
    }

    public func close() async {
        switch transport {
        case .datagram(let channel, _): try? await channel.close()
        case .stream(let stream): await stream.close()
        }
    }
}
