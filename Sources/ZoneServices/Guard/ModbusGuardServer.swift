import ModbusDPI
import NIOCore
import NIOPosix

/// The Modbus/TCP guard: accepts clients on each listener and opens one upstream connection per client.
///
/// Every client byte passes the strict frame decoder and the policy before anything reaches the server;
/// the server's answers pass the response checks before they reach the client.
public final class ModbusGuardServer: Sendable {
    public let listeners: [GuardListener]
    public let policy: PolicyStore
    public let metrics: GuardMetrics
    private let limits: ConnectionLimits
    private let limiter: SourceLimiter
    private let sink: AuditSink
    private let group: any EventLoopGroup
    private let channels = NIOLockedChannels()

    public init(listeners: [GuardListener], policy: PolicyStore, limits: ConnectionLimits = ConnectionLimits(),
                audit: AuditSink, metrics: GuardMetrics = GuardMetrics(), group: any EventLoopGroup) {
        self.listeners = listeners
        self.policy = policy
        self.limits = limits
        limiter = SourceLimiter(limits: limits)
        sink = audit
        self.metrics = metrics
        self.group = group
    }

    /// Binds every listener; returns the bound addresses in listener order.
    public func start() async throws -> [SocketAddress] {
        var bound: [SocketAddress] = []
        for listener in listeners {
            let upstream = try SocketAddress.makeAddressResolvingHost(listener.upstream.host, port: listener.upstream.port)
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 1024)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { [self] channel in
                    accept(channel, listener: listener, upstream: upstream)
                }
                .bind(host: listener.listen.host, port: listener.listen.port).get()
            channels.append(channel)
            if let address = channel.localAddress { bound.append(address) }
        }
        return bound
    }

    public func stop() async {
        for channel in channels.all { try? await channel.close() }
    }

    private func accept(_ channel: any Channel, listener: GuardListener, upstream: SocketAddress) -> EventLoopFuture<Void> {
        let sourceText = channel.remoteAddress.map { HostPort($0).description } ?? "unknown"
        let sourceIP = channel.remoteAddress?.ipAddress ?? ""
        let observer = ConnectionObserver(
            conduit: listener.conduit, source: sourceText, destination: HostPort(upstream).description, sink: sink, metrics: metrics)
        if let refusal = limiter.acquire(sourceIP) {
            metrics.connectionRejected()
            observer.audit(ModbusAuditRecord(
                event: .overload, verdict: .deny, ruleID: "connection-limit", mode: .enforce, cause: "connection-limit",
                action: "close", detail: refusal))
            return channel.eventLoop.makeFailedFuture(ChannelError.inputClosed)
        }
        metrics.connectionOpened()
        channel.closeFuture.whenComplete { [limiter, metrics] _ in
            limiter.release(sourceIP)
            metrics.connectionClosed()
        }
        guard let source = IPPrefix(sourceIP), let destination = IPPrefix(upstream.ipAddress ?? "") else {
            return channel.eventLoop.makeFailedFuture(ChannelError.badInterfaceAddressFamily)
        }
        let store = policy
        let guardHandler = ModbusGuardHandler(
            source: source, destination: destination, policy: { store.current }, observer: observer)
        let boundHandler = NIOLoopBound(guardHandler, eventLoop: channel.eventLoop)
        return ClientBootstrap(group: channel.eventLoop)
            .connectTimeout(limits.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { upstreamChannel in
                upstreamChannel.eventLoop.makeCompletedFuture {
                    try upstreamChannel.pipeline.syncOperations.addHandler(
                        ModbusUpstreamHandler(guardHandler: boundHandler.value))
                }
            }
            .connect(to: upstream)
            .flatMapThrowing { [limits] upstreamChannel in
                let guardHandler = boundHandler.value
                guardHandler.attach(upstream: upstreamChannel)
                channel.closeFuture.whenComplete { _ in upstreamChannel.close(promise: nil) }
                try channel.pipeline.syncOperations.addHandlers(
                    IdleTimeoutHandler(timeout: limits.idleTimeout),
                    ModbusFrameHandler(partialFrameTimeout: limits.partialFrameTimeout),
                    guardHandler)
            }
    }
}
