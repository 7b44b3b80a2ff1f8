import ModbusDPI
import NIOCore
import NIOPosix
import Testing
import ZoneServices

@Suite struct ConnectionLimitTests {
    static let policy = ModbusPolicy(rules: [ModbusRule(id: "read", functions: [ModbusFunctionRule(code: 3)])])

    @Test func perSourceConcurrencyLimitRefusesTheExtraConnection() async throws {
        let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0)
        let guardServer = try await GuardFixture(
            policy: Self.policy, upstreamPort: upstream.port!, limits: ConnectionLimits(perSource: 2))
        let first = try await TestModbusClient(port: guardServer.port)
        let second = try await TestModbusClient(port: guardServer.port)
        #expect(try await first.request(ModbusFrame(1, hex: "03 0000 0001")) == "03020000")
        await #expect(throws: (any Error).self) {
            let third = try await TestModbusClient(port: guardServer.port)
            _ = try await third.request(ModbusFrame(1, hex: "03 0000 0001"))
        }
        #expect(guardServer.auditLines.contains { $0.contains("\"rule\":\"connection-limit\"") })
        await second.close()
        try await Task.sleep(for: .milliseconds(100))
        let fourth = try await TestModbusClient(port: guardServer.port)
        #expect(try await fourth.request(ModbusFrame(2, hex: "03 0001 0001")) == "03020001")
        for client in [first, fourth] { await client.close() }
        await guardServer.stop()
        await simulator.stop()
    }

    @Test func connectionRateLimitRefusesBursts() async throws {
        let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0)
        let guardServer = try await GuardFixture(
            policy: Self.policy, upstreamPort: upstream.port!,
            limits: ConnectionLimits(perSource: 100, ratePerSecond: 0.001, burst: 3))
        var answered = 0
        for transaction in 1...5 {
            guard let client = try? await TestModbusClient(port: guardServer.port) else { continue }
            if (try? await client.request(ModbusFrame(UInt16(transaction), hex: "03 0000 0001"))) != nil { answered += 1 }
            await client.close()
        }
        await guardServer.stop()
        await simulator.stop()
        #expect(answered == 3)
    }

    @Test(.timeLimit(.minutes(1))) func idleConnectionsAreClosed() async throws {
        let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0)
        let guardServer = try await GuardFixture(
            policy: Self.policy, upstreamPort: upstream.port!, limits: ConnectionLimits(idleTimeout: .seconds(5)))
        let client = try await TestModbusClient(port: guardServer.port)
        // On a machine loaded by other tests the idle timeout may pass before the first request is even sent; the
        // answer is checked when the request goes out in time, and the guard's close is awaited either way.
        if client.channel.isActive, let answer = try? await client.request(ModbusFrame(1, hex: "03 0000 0001")) {
            #expect(answer == "03020000")
        }
        try await client.channel.closeFuture.get()
        await guardServer.stop()
        await simulator.stop()
    }
}
