import ModbusDPI
import NIOCore
import NIOPosix

/// Runs a guard configuration until SIGINT/SIGTERM; SIGHUP reloads the policy without closing connections.
public enum GuardService {
    /// - Parameters:
    ///   - reload: reads the policy again; on failure the running policy stays and `report` gets the error.
    ///   - report: status lines for stderr.
    public static func run(_ configuration: GuardConfiguration, reload: @escaping @Sendable () throws -> ModbusPolicy,
                           report: @escaping @Sendable (String) -> Void) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let metrics = GuardMetrics()
        let syslog = try await configuration.syslog.asyncMap {
            try await SyslogSender.connect(to: $0, group: group, onDrop: metrics.syslogMessageDropped)
        }
        let store = PolicyStore(configuration.policy)
        let server = ModbusGuardServer(
            listeners: configuration.listeners, policy: store, limits: configuration.connections,
            audit: AuditSink(syslog: syslog), metrics: metrics, group: group)
        let bound = try await server.start()
        for (listener, address) in zip(configuration.listeners, bound) {
            report("listening on \(HostPort(address)) for \(listener.conduit), upstream \(listener.upstream), mode \(configuration.policy.mode.rawValue)")
        }
        let limits = configuration.connections
        report(
            "timeouts: partial frame \(limits.partialFrameTimeout.nanoseconds / 1_000_000) ms, idle \(limits.idleTimeout.nanoseconds / 1_000_000_000) s; \(limits.perSource) connections per source")
        let metricsChannel = try await configuration.metrics.asyncMap {
            try await MetricsServer.start(metrics: metrics, host: $0.host, port: $0.port, group: group)
        }
        if let address = metricsChannel?.localAddress {
            report("metrics on http://\(HostPort(address))/metrics")
        }
        await ServiceSignals.waitForTermination {
            do {
                store.replace(with: try reload())
                report("policy reloaded")
            } catch {
                report("policy reload failed, keeping the running policy: \(error)")
            }
        }
        await server.stop()
        try? await metricsChannel?.close()
        await syslog?.close()
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
