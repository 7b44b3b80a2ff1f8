import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import ZoneServices

/// 100,000 random and mutated ADUs through the guard to a server that records every request it gets.
@Suite struct HostileTrafficTests {
    static let policy = ModbusPolicy(rules: [ModbusRule(
        id: "hostile", sources: [IPPrefix("127.0.0.0/8")!], units: [1...1],
        functions: [
            ModbusFunctionRule(code: 3, addresses: [0...99]),
            ModbusFunctionRule(code: 6, addresses: [100...110], values: [0...800]),
            ModbusFunctionRule(code: 16, addresses: [100...110], values: [0...800]),
        ])], limits: ModbusLimits(maxPending: 64))

    static let seeds: [[UInt8]] = [
        [0x03, 0x00, 0x00, 0x00, 0x0A], [0x06, 0x00, 0x64, 0x03, 0x20], [0x10, 0x00, 0x64, 0x00, 0x02, 0x04, 0, 1, 0, 2],
        [0x05, 0x00, 0x01, 0xFF, 0x00], [0x0F, 0x00, 0x00, 0x00, 0x09, 0x02, 0xFF, 0x01], [0x17, 0, 0, 0, 1, 0, 0x64, 0, 1, 2, 0, 1],
        [0x08, 0x00, 0x04, 0x00, 0x00], [0x2B, 0x0E, 0x01, 0x00], [0x5A, 0x00, 0x02], [0x16, 0x00, 0x64, 0xFF, 0xFF, 0x00, 0x00],
    ]

    /// A PDU of 1...253 bytes: a mutated seed, or random bytes.
    static func pdu(_ random: inout some RandomNumberGenerator) -> [UInt8] {
        if Int.random(in: 0..<4, using: &random) == 0 {
            return (0..<Int.random(in: 1...12, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        }
        var bytes = seeds.randomElement(using: &random)!
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1: if bytes.count > 1 { bytes.removeLast() }
            case 2: bytes.append(UInt8.random(in: 0...255, using: &random))
            default: bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
            }
        }
        return bytes
    }

    /// One connection's bytes: well-framed ADUs, sometimes ending in a framing violation.
    static func batch(_ count: Int, first: Int, _ random: inout some RandomNumberGenerator) -> ByteBuffer {
        var buffer = ByteBuffer()
        for index in 0..<count {
            let pdu = pdu(&random)
            let unit: UInt8 = Int.random(in: 0..<8, using: &random) == 0 ? UInt8.random(in: 0...255, using: &random) : 1
            buffer.writeMultipleIntegers(UInt16(truncatingIfNeeded: first + index), UInt16(0), UInt16(pdu.count + 1), unit)
            buffer.writeBytes(pdu)
        }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: buffer.writeBytes([0, 1, 0, 0, 0x01, 0x00, 1, 3])  // length 256
        case 1: buffer.writeBytes([0, 1, 0, 7, 0, 6, 1, 3, 0, 0, 0, 1])  // protocol id 7
        case 2: buffer.writeBytes([0, 1, 0, 0, 0, 9, 1, 3])  // ends inside a frame
        default: break
        }
        return buffer
    }

    @Test func serverSeesOnlyAllowedRequestsAndGuardStillServes() async throws {
        let seen = NIOLockedValueBox<[ModbusFrame]>([])
        let simulator = ModbusSimulator(units: [1, 2], group: MultiThreadedEventLoopGroup.singleton) { frame in
            seen.withLockedValue { $0.append(frame) }
        }
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0)
        let guardServer = try await GuardFixture(
            policy: Self.policy, upstreamPort: upstream.port!,
            limits: ConnectionLimits(perSource: 10_000, ratePerSecond: 1_000_000, burst: 1_000_000))
        var random = SystemRandomNumberGenerator()
        let connections = 500
        let perConnection = 200
        let batches = (0..<connections).map { Self.batch(perConnection, first: $0 * perConnection, &random) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, batch) in batches.enumerated() {
                if index >= 32 { try await group.next() }
                group.addTask { try await Self.send(batch, port: guardServer.port) }
            }
            try await group.waitForAll()
        }
        let client = try await TestModbusClient(port: guardServer.port)
        let answer = try await client.request(ModbusFrame(1, hex: "03 0005 0002"))
        await client.close()
        await guardServer.stop()
        await simulator.stop()

        #expect(answer == "030400050006")
        let frames = seen.withLockedValue { $0 }
        #expect(frames.count > 100, "allowed requests should have reached the server")
        let source = IPPrefix("127.0.0.1")!
        for frame in frames {
            let request = try ModbusRequest(pdu: frame.pdu)
            let verdict = Self.policy.evaluate(request, unit: frame.unitID, source: source, destination: source)
            #expect(verdict.allowed, "the server received a denied request: unit \(frame.unitID) \(request)")
            if !verdict.allowed { break }
        }
    }

    /// Writes a batch, then waits until the guard closes the connection or stops answering.
    static func send(_ batch: ByteBuffer, port: Int) async throws {
        let counter = ByteCounter()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(batch)
        var last = -1
        while channel.isActive {
            try? await Task.sleep(for: .milliseconds(100))
            let now = counter.bytes.withLockedValue { $0 }
            if now == last { break }
            last = now
        }
        try? await channel.close()
    }
}

/// Counts the bytes a connection receives.
final class ByteCounter: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let bytes = NIOLockedValueBox(0)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let count = unwrapInboundIn(data).readableBytes
        bytes.withLockedValue { $0 += count }
    }
}
