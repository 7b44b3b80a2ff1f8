import Foundation

/// ZC010: every zone states its SL-T.
enum MissingSecurityLevelTarget: LintRule {
    static let description = RuleDescription(
        id: "ZC010", name: "missing-security-level-target", severity: .error,
        references: ["IEC 62443-3-2 ZCR 5.6", "IEC 62443-3-2 ZCR 6.4 k"],
        summary: "A zone has no security level target.",
        rationale: "SL-T is the outcome of the detailed risk assessment and decides which SR enhancements apply; without it no requirement can be checked.",
        triggering: ["zones:\n  - {zone_id: Z3-OPS, purdue_level: 3}\n"],
        nonTriggering: [RuleExamples.minimal])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones where zone.securityLevelTarget == nil {
            sink.report("zone \(zone.id) has no security_level_target (SL 1–4 or a 7-value vector)", at: zone.location, subject: zone.id)
        }
    }
}
