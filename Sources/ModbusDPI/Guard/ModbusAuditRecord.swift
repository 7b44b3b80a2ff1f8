/// What the guard decided about one request or response, for the audit log and metrics.
public struct ModbusAuditRecord: Hashable, Sendable {
    public enum Verdict: String, Hashable, Sendable, Codable {
        case allow
        case deny
        /// Monitor mode: forwarded, but enforce mode would have denied it.
        case wouldDeny = "would-deny"
    }

    /// What the record is about.
    public enum Event: String, Hashable, Sendable, Codable {
        case request
        case response
        /// A framing error; the connection was closed.
        case framing
        /// A request over the pending limit or with a transaction id already in flight.
        case overload
        /// No answer within the request lifetime.
        case timeout
    }

    public var event: Event
    public var verdict: Verdict
    public var ruleID: String
    public var mode: ModbusMode
    public var cause: String?
    public var action: String?
    public var transactionID: UInt16?
    public var unitID: UInt8?
    public var functionCode: UInt8?
    public var subfunction: UInt16?
    public var meiType: UInt8?
    public var spans: [ModbusSpan]
    public var detail: String?

    public init(event: Event, verdict: Verdict, ruleID: String, mode: ModbusMode, cause: String? = nil,
                action: String? = nil, transactionID: UInt16? = nil, unitID: UInt8? = nil, functionCode: UInt8? = nil,
                subfunction: UInt16? = nil, meiType: UInt8? = nil, spans: [ModbusSpan] = [], detail: String? = nil) {
        self.event = event
        self.verdict = verdict
        self.ruleID = ruleID
        self.mode = mode
        self.cause = cause
        self.action = action
        self.transactionID = transactionID
        self.unitID = unitID
        self.functionCode = functionCode
        self.subfunction = subfunction
        self.meiType = meiType
        self.spans = spans
        self.detail = detail
    }
}
