import NIOCore

/// Receives what a ``ModbusGuardHandler`` decided: audit records, per-rule outcomes and answer times.
///
/// Called on the connection's event loop; implementations that share state across connections must
/// synchronise it themselves.
public protocol ModbusGuardObserver {
    /// A record for the audit log: every denial, and allowed requests when the policy audits them.
    func audit(_ record: ModbusAuditRecord)
    /// The outcome of one request, allowed or not.
    func decided(ruleID: String, verdict: ModbusAuditRecord.Verdict)
    /// A request was answered this long after the guard received it.
    func answered(after duration: TimeAmount)
}
