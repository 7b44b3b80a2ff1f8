import Foundation

/// ZC046: zone boundaries are monitored.
enum MissingMonitoring: LintRule {
    static let description = RuleDescription(
        id: "ZC046", name: "missing-monitoring", severity: .info,
        references: ["IEC 62443-3-3 SR 6.2", "IEC 62443-3-3 SR 2.8"],
        summary: "The model has conduits but no logging host on any firewall and no conduit control that mentions logging, monitoring or IDS.",
        rationale: "SR 6.2 continuously monitors the security mechanisms; boundary devices send their events (SR 2.8 audit records) to a monitoring system.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}").replacingOccurrences(of: "connection rate limiting]", with: "connection rate limiting, logging to OT SIEM]")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        guard !model.conduits.isEmpty, !model.firewalls.contains(where: { $0.loggingHost != nil }) else { return }
        let words = ["log", "siem", "monitor", "ids", "intrusion detection", "session recording"]
        if model.conduits.contains(where: { conduit in words.contains { conduit.declaredControlText.contains($0) } }) { return }
        sink.report("no firewall has a logging_host and no conduit declares logging or monitoring", at: model.conduits[0].location)
    }
}
