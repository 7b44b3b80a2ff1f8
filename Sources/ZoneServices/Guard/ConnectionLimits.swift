import NIOCore

/// Limits on client connections, per source address and per connection.
public struct ConnectionLimits: Hashable, Sendable {
    /// Open connections one source may hold.
    public var perSource: Int
    /// New connections per second one source may open, averaged by a token bucket of `burst` tokens.
    public var ratePerSecond: Double
    public var burst: Int
    /// A connection with no traffic either way for this long is closed.
    public var idleTimeout: TimeAmount
    /// A client frame still incomplete this long after its first byte arrived closes the connection.
    public var partialFrameTimeout: TimeAmount
    /// How long to wait for the upstream server to accept.
    public var connectTimeout: TimeAmount

    /// Idle timeouts the policy file and the command line accept, in seconds, and the default.
    public static let idleTimeoutSeconds = 1...86_400
    public static let defaultIdleTimeoutSeconds = 300
    /// Partial-frame timeouts the policy file and the command line accept, in milliseconds, and the default.
    public static let partialFrameTimeoutMilliseconds = 1...3_600_000
    public static let defaultPartialFrameTimeoutMilliseconds = 5000

    public init(perSource: Int = 64, ratePerSecond: Double = 50, burst: Int = 100,
                idleTimeout: TimeAmount = .seconds(Int64(ConnectionLimits.defaultIdleTimeoutSeconds)),
                partialFrameTimeout: TimeAmount = .milliseconds(Int64(ConnectionLimits.defaultPartialFrameTimeoutMilliseconds)),
                connectTimeout: TimeAmount = .seconds(5)) {
        self.perSource = perSource
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.idleTimeout = idleTimeout
        self.partialFrameTimeout = partialFrameTimeout
        self.connectTimeout = connectTimeout
    }
}
