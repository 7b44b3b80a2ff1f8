import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import ZoneServices

/// A TCP logging host for tests: keeps every accepted connection and the bytes received on all of them.
final class StreamCollector: Sendable {
    private let state = NIOLockedValueBox<(bytes: [UInt8], connections: [any Channel])>(([], []))

    var bytes: [UInt8] { state.withLockedValue { $0.bytes } }
    var connectionCount: Int { state.withLockedValue { $0.connections.count } }

    func accepted(_ channel: any Channel) { state.withLockedValue { $0.connections.append(channel) } }
    func received(_ buffer: ByteBuffer) { state.withLockedValue { $0.bytes += buffer.readableBytesView } }

    /// Starts reading on every accepted connection of a logging host that was started without reading.
    func resumeReading() async throws {
        for channel in state.withLockedValue({ $0.connections }) { try await channel.setOption(.autoRead, value: true).get() }
    }

    /// Closes every connection the logging host accepted so far, as a restarting server would.
    func dropConnections() async {
        for channel in state.withLockedValue({ $0.connections }) { try? await channel.close() }
    }

    /// Splits RFC 6587 octet-counted frames (`LEN SP MSG`); `nil` when the stream is not well formed so far.
    static func frames(_ bytes: [UInt8]) -> [String]? {
        var frames: [String] = []
        var index = 0
        while index < bytes.count {
            guard let space = bytes[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: bytes[index..<space], as: UTF8.self)), length > 0
            else { return nil }
            let end = space + 1 + length
            guard end <= bytes.count else { break }
            frames.append(String(decoding: bytes[(space + 1)..<end], as: UTF8.self))
            index = end
        }
        return frames
    }
}

final class StreamCollectorHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let collector: StreamCollector
    /// Whether the logging host closes every connection as soon as it accepted it.
    let closesAtOnce: Bool

    init(collector: StreamCollector, closesAtOnce: Bool = false) {
        self.collector = collector
        self.closesAtOnce = closesAtOnce
    }

    func channelActive(context: ChannelHandlerContext) {
        collector.accepted(context.channel)
        if closesAtOnce {
            context.close(promise: nil)
        } else {
            context.fireChannelActive()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { collector.received(unwrapInboundIn(data)) }
}

@Suite struct SyslogTCPTests {
    /// Waits until `condition` holds, polling; the test fails on its expectations, not on a deadline.
    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(25)) }
    }

    /// A TCP logging host on 127.0.0.1 that hands what it receives to `collector`. One that is not `reading`
    /// accepts connections but takes nothing from them, with a small fixed receive buffer.
    static func loggingHost(
        _ collector: StreamCollector, port: Int = 0, reading: Bool = true, closesAtOnce: Bool = false
    ) async throws -> any Channel {
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: reading)
            .childChannelInitializer { channel in channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    StreamCollectorHandler(collector: collector, closesAtOnce: closesAtOnce))
            } }
        if !reading { bootstrap = bootstrap.serverChannelOption(.socketOption(.so_rcvbuf), value: 64 * 1024) }
        return try await bootstrap.bind(host: "127.0.0.1", port: port).get()
    }

    /// The value of the guard's dropped-syslog-messages counter.
    static func droppedMessages(_ metrics: GuardMetrics) -> Int {
        let line = metrics.render().split(separator: "\n").first { $0.hasPrefix("zonectl_guard_syslog_dropped_total ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    @Test func denialsArriveOctetCountedAndTheSenderReconnectsAfterADrop() async throws {
        try await withTeardown { teardown in
            let collector = StreamCollector()
            let listener = try await Self.loggingHost(collector)
            teardown.add { try? await listener.close() }
            teardown.add { await collector.dropConnections() }
            let sender = try await SyslogSender.connect(
                to: SyslogTarget(transport: .tcp, host: "127.0.0.1", port: try #require(listener.localAddress?.port)),
                group: MultiThreadedEventLoopGroup.singleton)
            teardown.add { await sender.close() }
            let (simulator, guardServer) = try await GuardFixture.readOnly(syslog: sender)
            teardown.add { await simulator.stop() }
            teardown.add { await guardServer.stop() }
            let client = try await TestModbusClient(port: guardServer.port)
            teardown.add { await client.close() }

            let first = try await client.request(ModbusFrame(1, hex: "06 0010 002a"))
            try await Self.eventually { StreamCollector.frames(collector.bytes)?.count == 1 }
            await collector.dropConnections()
            // The sender notices the lost connection and connects again on its own.
            try await Self.eventually { collector.connectionCount == 2 }
            let second = try await client.request(ModbusFrame(2, hex: "10 0000 0001 02 0001"))
            try await Self.eventually { StreamCollector.frames(collector.bytes)?.count == 2 }

            #expect(first == "8601" && second == "9001")
            #expect(collector.connectionCount == 2)
            let frames = try #require(StreamCollector.frames(collector.bytes), "not octet-counted: \(collector.bytes)")
            #expect(frames.count == 2)
            let messages = frames.compactMap(SyslogMessage.init)
            #expect(messages.count == 2, "not RFC 5424: \(frames)")
            #expect(messages.map(\.version) == [1, 1])
            #expect(messages.map { $0.parameters["fc"] } == ["6", "16"])
            #expect(messages.allSatisfy { $0.priority == 16 * 8 + 4 && $0.structuredDataID == "modbus@32473" })
            #expect(messages.allSatisfy { $0.parameters["conduit"] == "C1-BPCS-OPS" && $0.parameters["rule"] == "ops-read" })
        }
    }

    @Test func anUnreachableLoggingHostKeepsTheNewestMessagesAndCountsTheDropped() async throws {
        try await withTeardown { teardown in
            // A port that refuses connections until the logging host below starts on it.
            let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: 0).get()
            let port = probe.localAddress?.port
            try await probe.close()

            let metrics = GuardMetrics()
            let sender = try await SyslogSender.connect(
                to: SyslogTarget(transport: .tcp, host: "127.0.0.1", port: try #require(port)),
                group: MultiThreadedEventLoopGroup.singleton, maxQueued: 5, onDrop: metrics.syslogMessageDropped)
            teardown.add { await sender.close() }
            for number in 1...8 { sender.send("message \(number)") }
            try await Self.eventually { metrics.render().contains("zonectl_guard_syslog_dropped_total 3") }
            #expect(metrics.render().contains("zonectl_guard_syslog_dropped_total 3"))

            let collector = StreamCollector()
            let listener = try await Self.loggingHost(collector, port: try #require(port))
            teardown.add { try? await listener.close() }
            teardown.add { await collector.dropConnections() }
            try await Self.eventually { StreamCollector.frames(collector.bytes)?.count == 5 }

            #expect(StreamCollector.frames(collector.bytes) == (4...8).map { "message \($0)" })
        }
    }

    @Test func aLoggingHostThatStopsReadingGetsTheBoundedQueueNotAnEndlessSendBuffer() async throws {
        try await withTeardown { teardown in
            let collector = StreamCollector()
            let listener = try await Self.loggingHost(collector, reading: false)
            teardown.add { try? await listener.close() }
            teardown.add { await collector.dropConnections() }
            let metrics = GuardMetrics()
            let sender = try await SyslogSender.connect(
                to: SyslogTarget(transport: .tcp, host: "127.0.0.1", port: try #require(listener.localAddress?.port)),
                group: MultiThreadedEventLoopGroup.singleton, maxQueued: 100, onDrop: metrics.syslogMessageDropped)
            teardown.add { await sender.close() }
            try await Self.eventually { collector.connectionCount == 1 }
            try #require(collector.connectionCount == 1)
            // Lets the sender's side of the connection come up too, so that no message waits for a connection.
            try await Task.sleep(for: .milliseconds(200))

            // About 10 MB: more than the socket buffers, the write buffer and the queue of 100 hold together.
            let padding = String(repeating: "x", count: 2000)
            let count = 5000
            for number in 1...count { sender.send("message \(number) \(padding)") }
            try await Self.eventually { Self.droppedMessages(metrics) > 0 }
            let dropped = Self.droppedMessages(metrics)
            #expect(dropped > 0)

            // Once the logging host reads again, everything not dropped arrives, the newest last.
            try await collector.resumeReading()
            try await Self.eventually { StreamCollector.frames(collector.bytes)?.count == count - dropped }
            let frames = try #require(StreamCollector.frames(collector.bytes), "not octet-counted")
            #expect(frames.count == count - dropped)
            #expect(frames.last == "message \(count) \(padding)")
            #expect(collector.connectionCount == 1)
        }
    }

    @Test func aLoggingHostThatClosesEveryConnectionAtOnceIsRetriedWithBackoff() async throws {
        try await withTeardown { teardown in
            let collector = StreamCollector()
            let listener = try await Self.loggingHost(collector, closesAtOnce: true)
            teardown.add { try? await listener.close() }
            let sender = try await SyslogSender.connect(
                to: SyslogTarget(transport: .tcp, host: "127.0.0.1", port: try #require(listener.localAddress?.port)),
                group: MultiThreadedEventLoopGroup.singleton)
            teardown.add { await sender.close() }
            // Messages keep arriving for a second meanwhile; they wait for a connection instead of starting one each.
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .seconds(1))
            var number = 0
            while clock.now < end {
                sender.send("message \(number)")
                number += 1
                try await Task.sleep(for: .milliseconds(10))
            }
            // Waits of 100, 200, 400 and 800 ms: a handful of attempts in a second, not a tight loop.
            #expect((2...8).contains(collector.connectionCount), "\(collector.connectionCount) connections")
        }
    }
}
