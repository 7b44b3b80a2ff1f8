import NIOCore
import NIOPosix

/// Sends RFC 5424 messages to one logging host over UDP, or over TCP with RFC 6587 octet counting.
public final class SyslogSender: Sendable {
    private let channel: any Channel
    private let remote: SocketAddress?

    private init(channel: any Channel, remote: SocketAddress?) {
        self.channel = channel
        self.remote = remote
    }

    public static func connect(to target: SyslogTarget, group: any EventLoopGroup) async throws -> SyslogSender {
        let remote = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
        switch target.transport {
        case .udp:
            let local = remote.protocol == .inet6 ? "::" : "0.0.0.0"
            let channel = try await DatagramBootstrap(group: group).bind(host: local, port: 0).get()
            return SyslogSender(channel: channel, remote: remote)
        case .tcp:
            let channel = try await ClientBootstrap(group: group).connect(to: remote).get()
            return SyslogSender(channel: channel, remote: nil)
        }
    }

    public func send(_ message: String) {
        var buffer = channel.allocator.buffer(capacity: message.utf8.count + 8)
        if let remote {
            buffer.writeString(message)
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
        } else {
            buffer.writeString("\(message.utf8.count) \(message)")
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    public func close() async {
        try? await channel.close()
    }
}
