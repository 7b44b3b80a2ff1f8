import Foundation

/// ZC022: a safety or air-gapped zone has only the conduits it declared.
enum SafetyZoneUndeclaredConduit: LintRule {
    static let description = RuleDescription(
        id: "ZC022", name: "safety-zone-undeclared-conduit", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.3", "IEC 62443-3-3 SR 5.1 RE 3"],
        summary: "A conduit connects a safety-designated or air-gapped zone that did not declare it (or declared no conduits at all).",
        rationale: "Safety zones are isolated or joined only by justified, declared conduits; an undeclared conduit defeats the isolation that SR 5.1 RE 3 requires of critical networks.",
        triggering: [RuleExamples.pair(
            "{zone_id: Z1-SIS, purdue_level: 1, security_level_target: SL 3, criticality: Safety Critical, allowed_conduits: [], assets: [Triconex Safety Controller (SIS-01)]}",
            "{zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 3, assets: [PLC (PLC-01)]}",
            connects: "Z1-SIS, Z2-BPCS", conduitSL: "SL 3", channels: ["{protocol: Modbus/TCP, direction: \"Z2 -> Z1 (read only)\"}"])],
        nonTriggering: ["zones:\n  - {zone_id: Z1-SIS, purdue_level: 1, security_level_target: SL 3, criticality: Safety Critical, allowed_conduits: [], assets: [Triconex Safety Controller (SIS-01)]}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones where zone.safetyDesignated || zone.airGapped {
            for conduit in model.conduits(of: zone.id) where !(zone.allowedConduits?.contains(conduit.id) ?? false) || zone.airGapped {
                let kind = zone.airGapped ? "air-gapped" : "safety"
                sink.report(
                    "conduit \(conduit.id) connects \(kind) zone \(zone.id), which does not declare it",
                    at: conduit.location(of: "connects"), subject: conduit.id)
            }
        }
    }
}
