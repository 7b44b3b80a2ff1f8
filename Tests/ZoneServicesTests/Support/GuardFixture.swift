import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ZoneServices

/// An in-process guard on 127.0.0.1:0 whose audit lines are kept for the test.
final class GuardFixture: Sendable {
    let server: ModbusGuardServer
    let port: Int
    private let lines: NIOLockedValueBox<[String]>

    init(policy: ModbusPolicy, upstreamPort: Int, limits: ConnectionLimits = ConnectionLimits(),
         syslog: SyslogSender? = nil) async throws {
        let lines = NIOLockedValueBox<[String]>([])
        self.lines = lines
        server = ModbusGuardServer(
            listeners: [GuardListener(conduit: "C1-BPCS-OPS", listen: HostPort(host: "127.0.0.1", port: 0),
                                      upstream: HostPort(host: "127.0.0.1", port: upstreamPort))],
            policy: PolicyStore(policy), limits: limits,
            audit: AuditSink(writeLine: { line in lines.withLockedValue { $0.append(line) } }, syslog: syslog),
            group: MultiThreadedEventLoopGroup.singleton)
        port = try await server.start()[0].port!
    }

    var auditLines: [String] { lines.withLockedValue { $0 } }

    func stop() async { await server.stop() }

    /// A simulator with unit 1 behind a guard that allows only FC 3 under rule `ops-read` and sends its
    /// audit events to `syslog`.
    static func readOnly(syslog: SyslogSender) async throws -> (ModbusSimulator, GuardFixture) {
        let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0)
        let policy = ModbusPolicy(rules: [ModbusRule(id: "ops-read", functions: [ModbusFunctionRule(code: 3)])])
        return (simulator, try await GuardFixture(policy: policy, upstreamPort: upstream.port!, syslog: syslog))
    }
}
