import ArgumentParser
import Foundation
import ModbusDPI
import NIOCore
import ZoneCore
import ZoneServices

extension ModbusMode: ExpressibleByArgument {}

struct GuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard",
        abstract: "Run the Modbus/TCP deep-packet-inspection guard for a conduit or a policy file.",
        discussion: """
            With --model and --conduit the policy comes from the conduit's Modbus channels; with --policy
            from a policy file (docs/guard.md). Audit events go to stdout as JSON lines. SIGHUP reloads the
            policy; if the policy cannot be loaded at start the guard does not start (exit 2).
            """)

    @Option(help: "The zone/conduit model (YAML).")
    var model: String?

    @Option(help: "The conduit whose Modbus channels make the policy.")
    var conduit: String?

    @Option(help: "Address to accept clients on, ADDR:PORT.")
    var listen: String?

    @Option(help: "The Modbus server to protect, ADDR:PORT.")
    var upstream: String?

    @Option(help: "A policy file with rules and listeners, instead of --model.")
    var policy: String?

    @Option(help: "enforce: block denied requests; monitor: forward and log would-be verdicts.")
    var mode: ModbusMode?

    @Option(help: ArgumentHelp(
        "Send audit events as RFC 5424 syslog: udp://HOST:PORT or tcp://HOST:PORT, or udp or tcp alone for the model's logging host.",
        discussion: "tcp uses RFC 6587 octet counting and reconnects when the logging host drops the connection."))
    var syslog: String?

    @Option(help: "Serve Prometheus metrics on ADDR:PORT at /metrics.")
    var metrics: String?

    @Flag(help: "Audit allowed requests too, not only denials.")
    var auditAllowed = false

    @Option(help: ArgumentHelp(
        "Close a client whose frame is still incomplete this many milliseconds after its first byte "
            + "(default \(ConnectionLimits.defaultPartialFrameTimeoutMilliseconds)).",
        valueName: "ms"))
    var partialFrameTimeout: Int?

    @Option(help: ArgumentHelp(
        "Close a connection with no traffic either way for this many seconds "
            + "(default \(ConnectionLimits.defaultIdleTimeoutSeconds)).",
        valueName: "s"))
    var idleTimeout: Int?

    func validate() throws {
        if policy != nil {
            guard model == nil, conduit == nil, listen == nil, upstream == nil else {
                throw ValidationError("--policy cannot be combined with --model, --conduit, --listen or --upstream")
            }
        } else {
            guard model != nil, conduit != nil, listen != nil, upstream != nil else {
                throw ValidationError("give --policy FILE, or --model, --conduit, --listen and --upstream")
            }
            guard listen.flatMap(HostPort.init) != nil else { throw ValidationError("--listen must be ADDR:PORT") }
            guard upstream.flatMap(HostPort.init) != nil else { throw ValidationError("--upstream must be ADDR:PORT") }
        }
        if let syslog, SyslogTarget(syslog) == nil {
            guard SyslogTarget.Transport(rawValue: syslog) != nil else {
                throw ValidationError("--syslog must be udp://HOST:PORT, tcp://HOST:PORT, udp or tcp")
            }
            guard model != nil else {
                throw ValidationError("--syslog \(syslog) names the model's logging host and needs --model")
            }
        }
        if let metrics, HostPort(metrics) == nil { throw ValidationError("--metrics must be ADDR:PORT") }
        let partialFrameRange = ConnectionLimits.partialFrameTimeoutMilliseconds
        if let partialFrameTimeout, !partialFrameRange.contains(partialFrameTimeout) {
            throw ValidationError(
                "--partial-frame-timeout must be \(partialFrameRange.lowerBound) to \(partialFrameRange.upperBound) milliseconds")
        }
        let idleRange = ConnectionLimits.idleTimeoutSeconds
        if let idleTimeout, !idleRange.contains(idleTimeout) {
            throw ValidationError("--idle-timeout must be \(idleRange.lowerBound) to \(idleRange.upperBound) seconds")
        }
    }

    func run() async throws {
        let loadConfiguration = configurationLoader()
        let initial: GuardConfiguration
        do {
            initial = try loadConfiguration()
        } catch {
            Self.report("cannot load the policy, not starting: \(error)")
            throw ZoneCtlExit.invalidInput
        }
        try await GuardService.run(initial, reload: { try loadConfiguration().policy }, report: Self.report)
    }

    /// Builds the configuration from the options; called again on every reload.
    private func configurationLoader() -> @Sendable () throws -> GuardConfiguration {
        let (model, conduit, listen, upstream, policy) = (model, conduit, listen, upstream, policy)
        let (mode, syslog, metrics, auditAllowed) = (mode, syslog, metrics, auditAllowed)
        let (partialFrameTimeout, idleTimeout) = (partialFrameTimeout, idleTimeout)
        return {
            var configuration: GuardConfiguration
            if let policy {
                configuration = try GuardConfiguration.load(path: policy)
                if let mode { configuration.policy.mode = mode }
            } else {
                let result = ModelLoader.load(path: model!)
                guard let loaded = result.model, !result.isInvalid else {
                    throw PolicyDerivationError(result.findings.filter { $0.severity == .error }.map(Diagnostics.line)
                        .joined(separator: "\n"))
                }
                configuration = GuardConfiguration(
                    policy: try ModbusPolicy(model: loaded, conduit: conduit!, mode: mode ?? .enforce),
                    listeners: [GuardListener(conduit: conduit!, listen: HostPort(listen!)!, upstream: HostPort(upstream!)!)])
                if let syslog, let transport = SyslogTarget.Transport(rawValue: syslog) {
                    configuration.syslog = try SyslogTarget(model: loaded, transport: transport)
                }
            }
            if auditAllowed { configuration.policy.auditAllowed = true }
            if let syslog, let target = SyslogTarget(syslog) { configuration.syslog = target }
            if let metrics { configuration.metrics = HostPort(metrics) }
            if let partialFrameTimeout { configuration.connections.partialFrameTimeout = .milliseconds(Int64(partialFrameTimeout)) }
            if let idleTimeout { configuration.connections.idleTimeout = .seconds(Int64(idleTimeout)) }
            return configuration
        }
    }

    static let report: @Sendable (String) -> Void = { line in
        StandardStream.error("zonectl guard: \(line)\n")
    }
}
