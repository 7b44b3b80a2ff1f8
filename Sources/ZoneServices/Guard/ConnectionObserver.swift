import ModbusDPI
import NIOCore

/// Turns one connection's guard decisions into audit events and metrics.
struct ConnectionObserver: ModbusGuardObserver {
    let conduit: String
    let source: String
    let destination: String
    let sink: AuditSink
    let metrics: GuardMetrics

    func audit(_ record: ModbusAuditRecord) {
        sink.record(AuditEvent(record: record, conduit: conduit, source: source, destination: destination))
    }

    func decided(ruleID: String, verdict: ModbusAuditRecord.Verdict) {
        metrics.decided(conduit: conduit, ruleID: ruleID, verdict: verdict)
    }

    func answered(after duration: TimeAmount) { metrics.answered(after: duration) }
}
