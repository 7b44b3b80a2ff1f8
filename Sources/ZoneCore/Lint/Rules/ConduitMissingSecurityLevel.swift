import Foundation

/// ZC011: every conduit states its SL-T.
enum ConduitMissingSecurityLevel: LintRule {
    static let description = RuleDescription(
        id: "ZC011", name: "conduit-missing-security-level", severity: .warning,
        references: ["IEC 62443-3-2 ZCR 5.6", "IEC 62443-3-2 ZCR 6.4 k"],
        summary: "A conduit has no security level target.",
        rationale: "Conduits get an SL-T from the risk assessment like zones do; the boundary devices are chosen to meet it.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}").replacingOccurrences(of: "    security_level: SL 2\n", with: "")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits where conduit.securityLevel == nil {
            sink.report("conduit \(conduit.id) has no security_level", at: conduit.location, subject: conduit.id)
        }
    }
}
