import ModbusDPI

/// Everything `zonectl guard` runs: the policy, the listeners, connection limits and log/metrics targets.
public struct GuardConfiguration: Sendable {
    public var policy: ModbusPolicy
    public var listeners: [GuardListener]
    public var connections: ConnectionLimits
    public var syslog: SyslogTarget?
    public var metrics: HostPort?

    public init(policy: ModbusPolicy, listeners: [GuardListener], connections: ConnectionLimits = ConnectionLimits(),
                syslog: SyslogTarget? = nil, metrics: HostPort? = nil) {
        self.policy = policy
        self.listeners = listeners
        self.connections = connections
        self.syslog = syslog
        self.metrics = metrics
    }
}

/// A policy file that cannot be used, with the place of the problem.
public struct GuardConfigurationError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}
