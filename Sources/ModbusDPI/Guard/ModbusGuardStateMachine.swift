import NIOCore

/// The per-connection logic of the guard, free of channels: every event returns what to do.
///
/// It validates and judges each client request, keeps the transaction ids that are pending, sends at most
/// `maxInFlight` requests upstream at once in arrival order, expires requests after their lifetime, and
/// passes upstream only responses that answer an in-flight request.
public struct ModbusGuardStateMachine {
    /// Where a connection goes after an event.
    public enum ConnectionAction: Hashable, Sendable {
        case keepOpen
        case close
        case reset
    }

    /// What the owner must do after an event, in this order: reply, forward, audit, then the connection action.
    public struct Output {
        public var toClient = ModbusFrameList()
        public var toUpstream = ModbusFrameList()
        public var audit: [ModbusAuditRecord] = []
        public var connection: ConnectionAction = .keepOpen
        /// The rule and outcome of the request just judged, for per-rule counters.
        public var decision: Decision?
        /// Time from receiving the answered request to passing its answer on.
        public var answered: TimeAmount?
    }

    /// The rule that judged a request and what it decided.
    public struct Decision: Hashable, Sendable {
        public var ruleID: String
        public var verdict: ModbusAuditRecord.Verdict
    }

    struct Transaction {
        var frame: ModbusFrame
        /// `nil` when forwarded in monitor mode without passing validation.
        var request: ModbusRequest?
        var received: NIODeadline
        var deadline: NIODeadline
    }

    public let source: IPPrefix
    public let destination: IPPrefix
    private var waiting = CircularBuffer<Transaction>()
    private var inFlight = CircularBuffer<Transaction>()
    private var violations = 0
    private var closed = false

    public init(source: IPPrefix, destination: IPPrefix) {
        self.source = source
        self.destination = destination
    }

    /// Requests received and not yet answered.
    public var pendingCount: Int { waiting.count + inFlight.count }

    /// The earliest request deadline, for the owner's timer.
    public var nextDeadline: NIODeadline? {
        switch (waiting.first?.deadline, inFlight.first?.deadline) {
        case (let waiting?, let inFlight?): min(waiting, inFlight)
        case (let deadline?, nil), (nil, let deadline?): deadline
        case (nil, nil): nil
        }
    }

    public mutating func clientFrame(_ frame: ModbusFrame, policy: ModbusPolicy, now: NIODeadline) -> Output {
        var output = Output()
        guard !closed else { return output }
        let request: ModbusRequest?
        let verdict: ModbusVerdict
        do {
            let parsed = try ModbusRequest(pdu: frame.pdu)
            request = parsed
            verdict = policy.evaluate(parsed, unit: frame.unitID, source: source, destination: destination)
        } catch let error as ModbusError {
            request = nil
            verdict = policy.malformed(error)
        } catch {
            preconditionFailure("ModbusRequest threw \(error)")
        }
        output.decision = Decision(ruleID: verdict.ruleID, verdict: Self.outcome(verdict))
        if !verdict.allowed || policy.auditAllowed { output.audit.append(Self.record(frame, request, verdict)) }
        guard verdict.forwards else {
            deny(frame, verdict, into: &output)
            return output
        }
        if waiting.contains(where: { $0.frame.transactionID == frame.transactionID })
            || inFlight.contains(where: { $0.frame.transactionID == frame.transactionID })
        {
            // Two pending requests with one id would make the answers ambiguous.
            output.audit.append(overload(frame, verdict, "transaction id already pending"))
            close(.close, into: &output)
            return output
        }
        guard pendingCount < policy.limits.maxPending else {
            output.audit.append(overload(frame, verdict, "pending limit \(policy.limits.maxPending)"))
            output.toClient.append(frame.exception(.serverDeviceBusy))
            return output
        }
        let transaction = Transaction(frame: frame, request: request, received: now,
                                      deadline: now + policy.limits.requestLifetime)
        if waiting.isEmpty && upstreamHasRoom(policy) {
            // Nothing queued ahead of it: straight upstream, without a pass through the waiting queue.
            inFlight.append(transaction)
            output.toUpstream.append(frame)
        } else {
            waiting.append(transaction)
            dispatch(policy: policy, into: &output)
        }
        return output
    }

    public mutating func upstreamFrame(_ frame: ModbusFrame, policy: ModbusPolicy, now: NIODeadline) -> Output {
        var output = Output()
        guard !closed else { return output }
        guard let index = inFlight.firstIndex(where: { $0.frame.transactionID == frame.transactionID }),
            inFlight[index].frame.unitID == frame.unitID
        else {
            output.audit.append(ModbusAuditRecord(
                event: .response, verdict: .deny, ruleID: "unsolicited-response", mode: policy.mode,
                cause: "unsolicited", action: "drop", transactionID: frame.transactionID, unitID: frame.unitID,
                functionCode: frame.functionCode))
            return output
        }
        let transaction = inFlight.remove(at: index)
        output.answered = now - transaction.received
        do {
            if let request = transaction.request {
                try request.validate(response: frame.pdu, request: transaction.frame.pdu)
            }
            output.toClient.append(frame)
        } catch {
            let reason = (error as? ModbusError)?.reason ?? "\(error)"
            output.audit.append(ModbusAuditRecord(
                event: .response, verdict: .deny, ruleID: "response-mismatch", mode: policy.mode,
                cause: "response-mismatch", action: "exception-04", transactionID: frame.transactionID,
                unitID: frame.unitID, functionCode: frame.functionCode, detail: reason))
            output.toClient.append(transaction.frame.exception(.serverDeviceFailure))
        }
        dispatch(policy: policy, into: &output)
        return output
    }

    /// Answers requests whose lifetime ended with exception 0B.
    public mutating func expire(now: NIODeadline, policy: ModbusPolicy) -> Output {
        var output = Output()
        guard !closed else { return output }
        for queue in [\Self.inFlight, \Self.waiting] {
            while let first = self[keyPath: queue].first, first.deadline <= now {
                self[keyPath: queue].removeFirst()
                output.toClient.append(first.frame.exception(.gatewayTargetFailed))
                output.audit.append(ModbusAuditRecord(
                    event: .timeout, verdict: .deny, ruleID: "request-lifetime", mode: policy.mode,
                    cause: "timeout", action: "exception-0B", transactionID: first.frame.transactionID,
                    unitID: first.frame.unitID, functionCode: first.frame.functionCode))
            }
        }
        dispatch(policy: policy, into: &output)
        return output
    }

    /// The client stream broke its framing: audit and close, never resynchronise.
    public mutating func framingError(_ error: ModbusError, policy: ModbusPolicy) -> Output {
        var output = Output()
        guard !closed else { return output }
        output.audit.append(ModbusAuditRecord(
            event: .framing, verdict: .deny, ruleID: "framing", mode: .enforce, cause: error.code.description,
            action: "close", detail: error.reason))
        close(.close, into: &output)
        return output
    }

    private mutating func dispatch(policy: ModbusPolicy, into output: inout Output) {
        while upstreamHasRoom(policy), let next = waiting.popFirst() {
            inFlight.append(next)
            output.toUpstream.append(next.frame)
        }
    }

    private func upstreamHasRoom(_ policy: ModbusPolicy) -> Bool { inFlight.count < max(1, policy.limits.maxInFlight) }

    private mutating func deny(_ frame: ModbusFrame, _ verdict: ModbusVerdict, into output: inout Output) {
        let exception = frame.exception(verdict.exceptionCode ?? .illegalFunction)
        switch verdict.action {
        case .exception:
            output.toClient.append(exception)
        case .drop:
            break
        case .reset:
            close(.reset, into: &output)
        case .closeAfter(let limit):
            violations += 1
            output.toClient.append(exception)
            if violations >= limit { close(.close, into: &output) }
        }
    }

    private mutating func close(_ action: ConnectionAction, into output: inout Output) {
        closed = true
        waiting.removeAll()
        inFlight.removeAll()
        output.connection = action
    }

    private func overload(_ frame: ModbusFrame, _ verdict: ModbusVerdict, _ detail: String) -> ModbusAuditRecord {
        ModbusAuditRecord(
            event: .overload, verdict: .deny, ruleID: verdict.ruleID, mode: .enforce, cause: "overload",
            action: "exception-06", transactionID: frame.transactionID, unitID: frame.unitID,
            functionCode: frame.functionCode, detail: detail)
    }

    static func outcome(_ verdict: ModbusVerdict) -> ModbusAuditRecord.Verdict {
        verdict.allowed ? .allow : (verdict.mode == .monitor ? .wouldDeny : .deny)
    }

    static func record(_ frame: ModbusFrame, _ request: ModbusRequest?, _ verdict: ModbusVerdict) -> ModbusAuditRecord {
        ModbusAuditRecord(
            event: .request, verdict: outcome(verdict), ruleID: verdict.ruleID, mode: verdict.mode,
            cause: verdict.cause?.rawValue, action: verdict.allowed ? nil : verdict.action.description,
            transactionID: frame.transactionID, unitID: frame.unitID, functionCode: frame.functionCode,
            subfunction: request?.subfunction, meiType: request?.meiType, spans: request?.spans ?? [])
    }
}
