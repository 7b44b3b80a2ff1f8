import NIOCore

/// Whether a verdict is applied or only reported.
public enum ModbusMode: String, Hashable, Sendable, CaseIterable, Codable {
    /// Denied requests are answered, dropped or cut as the rule's action says.
    case enforce
    /// Every request is forwarded; the audit log records what enforce mode would have done.
    case monitor
}

/// What the guard does with a denied request.
public enum ModbusAction: Hashable, Sendable, CustomStringConvertible {
    /// Answer with an exception: the given code, or (nil) the code that fits the cause.
    case exception(ModbusExceptionCode?)
    /// Discard the request without an answer.
    case drop
    /// Abort the client connection with a TCP reset.
    case reset
    /// Answer with exceptions and close the connection at the given number of violations.
    case closeAfter(violations: Int)

    public var description: String {
        switch self {
        case .exception(let code): code.map { "exception-\($0)" } ?? "exception"
        case .drop: "drop"
        case .reset: "reset"
        case .closeAfter(let violations): "close-after-\(violations)"
        }
    }
}

/// One allowed function code within a rule, with its own sub-function, MEI, address and value limits.
public struct ModbusFunctionRule: Hashable, Sendable {
    public var code: UInt8
    /// FC 8 sub-functions allowed; `nil` allows every sub-function.
    public var subfunctions: Set<UInt16>?
    /// FC 43 MEI types allowed; `nil` allows every MEI type.
    public var meiTypes: Set<UInt8>?
    /// Addresses the function may touch (all tables of the function); `nil` allows 0...65535.
    public var addresses: [ClosedRange<Int>]?
    /// Values a write may carry (coils as 0/1); `nil` allows any value.
    public var values: [ClosedRange<Int>]?

    public init(code: UInt8, subfunctions: Set<UInt16>? = nil, meiTypes: Set<UInt8>? = nil,
                addresses: [ClosedRange<Int>]? = nil, values: [ClosedRange<Int>]? = nil) {
        self.code = code
        self.subfunctions = subfunctions
        self.meiTypes = meiTypes
        self.addresses = addresses
        self.values = values
    }
}

/// An allow rule: source → destination → units → functions → addresses → values.
public struct ModbusRule: Hashable, Sendable {
    /// Stable id printed in audit events and metrics.
    public var id: String
    /// Client prefixes; empty matches any client.
    public var sources: [IPPrefix]
    /// Server prefixes; empty matches any server.
    public var destinations: [IPPrefix]
    /// Unit ids; `nil` matches every unit.
    public var units: [ClosedRange<UInt8>]?
    public var functions: [ModbusFunctionRule]
    /// What happens to a request that matched this rule's source and destination but nothing further.
    public var action: ModbusAction
    /// Overrides the policy's mode for this rule.
    public var mode: ModbusMode?

    public init(id: String, sources: [IPPrefix] = [], destinations: [IPPrefix] = [], units: [ClosedRange<UInt8>]? = nil,
                functions: [ModbusFunctionRule], action: ModbusAction = .exception(nil), mode: ModbusMode? = nil) {
        self.id = id
        self.sources = sources
        self.destinations = destinations
        self.units = units
        self.functions = functions
        self.action = action
        self.mode = mode
    }
}

/// Per-connection limits of the transaction tracker (Stormshield's defaults).
public struct ModbusLimits: Hashable, Sendable {
    /// Requests received but not yet answered, per connection.
    public var maxPending: Int
    /// How long a request may wait for its answer before the client gets exception 0B.
    public var requestLifetime: TimeAmount
    /// Requests sent upstream at once; 1 keeps fragile servers to one transaction.
    public var maxInFlight: Int

    public init(maxPending: Int = 10, requestLifetime: TimeAmount = .seconds(10), maxInFlight: Int = 1) {
        self.maxPending = maxPending
        self.requestLifetime = requestLifetime
        self.maxInFlight = maxInFlight
    }
}

/// A complete Modbus policy: default deny, allow rules, the action and mode for what no rule covers.
public struct ModbusPolicy: Hashable, Sendable {
    public var rules: [ModbusRule]
    /// Mode of verdicts not attributed to a rule, and of rules without their own.
    public var mode: ModbusMode
    /// Action for requests no rule's source and destination match, and for malformed requests.
    public var defaultAction: ModbusAction
    public var limits: ModbusLimits
    /// Audit allowed requests too, not only denials.
    public var auditAllowed: Bool

    public init(rules: [ModbusRule], mode: ModbusMode = .enforce, defaultAction: ModbusAction = .exception(nil),
                limits: ModbusLimits = ModbusLimits(), auditAllowed: Bool = false) {
        self.rules = rules
        self.mode = mode
        self.defaultAction = defaultAction
        self.limits = limits
        self.auditAllowed = auditAllowed
    }

    /// Rule id of verdicts that no rule's source and destination matched.
    public static let defaultRuleID = "default-deny"
    /// Rule id of requests that broke their function's layout.
    public static let malformedRuleID = "malformed-request"
}
