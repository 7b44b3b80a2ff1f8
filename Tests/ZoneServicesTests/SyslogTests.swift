import Foundation
import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import ZoneServices

/// Collects UDP datagrams as text.
final class DatagramCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let received = NIOLockedValueBox<[String]>([])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        received.withLockedValue { $0.append(String(buffer: envelope.data)) }
    }
}

/// A parsed RFC 5424 message.
struct SyslogMessage {
    var priority: Int
    var version: Int
    var timestamp: String
    var hostname: String
    var appName: String
    var processID: String
    var messageID: String
    var structuredDataID: String
    var parameters: [String: String]
    var message: String

    /// Parses `<PRI>VERSION TIMESTAMP HOST APP PROCID MSGID [SDID k="v" ...] MSG` (RFC 5424 §6).
    init?(_ text: String) {
        let pattern = #/^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) \[(\S+)((?: [A-Za-z_]+="(?:[^"\\\]]|\\.)*")*)\] (.*)$/#
        guard let match = text.wholeMatch(of: pattern), let priority = Int(match.1), let version = Int(match.2) else {
            return nil
        }
        self.priority = priority
        self.version = version
        timestamp = String(match.3)
        hostname = String(match.4)
        appName = String(match.5)
        processID = String(match.6)
        messageID = String(match.7)
        structuredDataID = String(match.8)
        parameters = [:]
        for parameter in match.9.matches(of: #/([A-Za-z_]+)="((?:[^"\\\]]|\\.)*)"/#) {
            parameters[String(parameter.1)] = String(parameter.2)
        }
        message = String(match.10)
    }
}

@Suite struct SyslogTests {
    @Test func denialsArriveAsRFC5424OverUDP() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let collector = DatagramCollector()
        let listener = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(collector)
            } }
            .bind(host: "127.0.0.1", port: 0).get()
        let sender = try await SyslogSender.connect(
            to: SyslogTarget(transport: .udp, host: "127.0.0.1", port: listener.localAddress!.port!), group: group)
        let (simulator, guardServer) = try await GuardFixture.readOnly(syslog: sender)
        let client = try await TestModbusClient(port: guardServer.port)
        let answer = try await client.request(ModbusFrame(7, hex: "06 0010 002a"))
        await client.close()

        var messages: [String] = []
        for _ in 0..<100 where messages.isEmpty {
            messages = collector.received.withLockedValue { $0 }
            if messages.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        await guardServer.stop()
        await simulator.stop()
        await sender.close()
        try await listener.close()

        #expect(answer == "8601")
        let parsed = try #require(messages.first.flatMap(SyslogMessage.init), "not RFC 5424: \(messages)")
        #expect(parsed.version == 1)
        #expect(parsed.priority == 16 * 8 + 4)
        #expect(parsed.appName == "zonectl-guard" && parsed.messageID == "modbus")
        #expect(parsed.structuredDataID == "modbus@32473")
        #expect(parsed.timestamp.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/#) != nil)
        #expect(parsed.parameters["conduit"] == "C1-BPCS-OPS")
        #expect(parsed.parameters["rule"] == "ops-read")
        #expect(parsed.parameters["fc"] == "6" && parsed.parameters["unit"] == "1")
        #expect(parsed.parameters["verdict"] == "deny" && parsed.parameters["mode"] == "enforce")
        #expect(parsed.parameters["addresses"] == "holding-registers:16-16")
        #expect(parsed.parameters["src"]?.hasPrefix("127.0.0.1:") == true)
    }
}
