import NIOCore
import NIOEmbedded
import Testing
import ZoneServices

/// The idle timeout on an embedded event loop whose clock the test moves.
@Suite struct IdleTimeoutTests {
    static func activeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: IdleTimeoutHandler(timeout: .seconds(5)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 502)).wait()
        return channel
    }

    @Test func closesAfterTheTimeoutWithoutTraffic() throws {
        let channel = try Self.activeChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(5) - .milliseconds(1))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func readsAndWritesEachRestartTheClock() throws {
        let channel = try Self.activeChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        try channel.writeInbound(ByteBuffer(string: "r"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        try channel.writeOutbound(ByteBuffer(string: "w"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }
}
