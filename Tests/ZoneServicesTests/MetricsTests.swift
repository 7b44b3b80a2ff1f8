import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import ZoneServices

/// Collects every byte of a connection until the peer closes it.
final class BodyCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let text = NIOLockedValueBox("")

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let chunk = String(buffer: unwrapInboundIn(data))
        text.withLockedValue { $0 += chunk }
    }
}

@Suite struct MetricsTests {
    @Test func perRuleCountersAndLatencyHistogramOverHTTP() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let simulator = ModbusSimulator(units: [1], group: group)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0)
        let policy = ModbusPolicy(rules: [ModbusRule(id: "ops-read", functions: [ModbusFunctionRule(code: 3)])])
        let guardServer = try await GuardFixture(policy: policy, upstreamPort: upstream.port!)
        let endpoint = try await MetricsServer.start(metrics: guardServer.server.metrics, host: "127.0.0.1", port: 0, group: group)
        let client = try await TestModbusClient(port: guardServer.port)
        #expect(try await client.request(ModbusFrame(1, hex: "03 0000 0001")) == "03020000")
        #expect(try await client.request(ModbusFrame(2, hex: "06 0000 0001")) == "8601")
        await client.close()

        let collector = BodyCollector()
        let http = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: endpoint.localAddress!.port!).get()
        try await http.writeAndFlush(ByteBuffer(string: "GET /metrics HTTP/1.1\r\nHost: guard\r\n\r\n"))
        var body = ""
        for _ in 0..<100 where !body.contains("zonectl_guard_open_connections") {
            try await Task.sleep(for: .milliseconds(20))
            body = collector.text.withLockedValue { $0 }
        }
        try? await http.close()
        try await endpoint.close()
        await guardServer.stop()
        await simulator.stop()

        #expect(body.hasPrefix("HTTP/1.1 200 OK"))
        #expect(body.contains(#"zonectl_guard_requests_total{conduit="C1-BPCS-OPS",rule="ops-read",verdict="allow"} 1"#))
        #expect(body.contains(#"zonectl_guard_requests_total{conduit="C1-BPCS-OPS",rule="ops-read",verdict="deny"} 1"#))
        #expect(body.contains("zonectl_guard_request_duration_seconds_count 1"))
        #expect(body.contains(#"zonectl_guard_connections_total{result="accepted"} 1"#))
    }
}
