import ModbusDPI
import NIOCore

/// Turns one connection's guard decisions into audit events and metrics; lives on the connection's event loop.
final class ConnectionObserver: ModbusGuardObserver {
    let conduit: String
    let source: String
    let destination: String
    let sink: AuditSink
    let metrics: GuardMetrics
    private let counters: RequestCounters

    init(conduit: String, source: String, destination: String, sink: AuditSink, metrics: GuardMetrics) {
        self.conduit = conduit
        self.source = source
        self.destination = destination
        self.sink = sink
        self.metrics = metrics
        counters = RequestCounters(metrics: metrics, conduit: conduit)
    }

    func audit(_ record: ModbusAuditRecord) {
        sink.record(AuditEvent(record: record, conduit: conduit, source: source, destination: destination))
    }

    func decided(ruleID: String, verdict: ModbusAuditRecord.Verdict) { counters.count(ruleID: ruleID, verdict: verdict) }

    func answered(after duration: TimeAmount) { metrics.answered(after: duration) }
}
