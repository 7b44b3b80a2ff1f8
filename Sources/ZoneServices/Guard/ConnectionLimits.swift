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

    public init(perSource: Int = 64, ratePerSecond: Double = 50, burst: Int = 100, idleTimeout: TimeAmount = .seconds(300),
                partialFrameTimeout: TimeAmount = .seconds(5), connectTimeout: TimeAmount = .seconds(5)) {
        self.perSource = perSource
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.idleTimeout = idleTimeout
        self.partialFrameTimeout = partialFrameTimeout
        self.connectTimeout = connectTimeout
    }
}
