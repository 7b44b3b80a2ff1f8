import Foundation

/// ZC012: a conduit is protected at least as well as the zones it joins.
enum ConduitSecurityLevelBelowZone: LintRule {
    static let description = RuleDescription(
        id: "ZC012", name: "conduit-sl-below-zone", severity: .warning,
        references: ["IEC 62443-3-2 ZCR 5.6", "IEC 62443-3-3 SR 5.2"],
        summary: "A conduit's security level is below the SL-T of a zone it connects.",
        rationale: "A conduit is the way into its zones; protected less than a zone, it becomes the weakest path to that zone's assets.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}").replacingOccurrences(of: "security_level: SL 2", with: "security_level: SL 1")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            guard let level = conduit.securityLevel else { continue }
            for zoneID in conduit.zones {
                guard let target = model.zone(zoneID)?.securityLevelTarget, !level.covers(target) else { continue }
                sink.report(
                    "conduit \(conduit.id) is \(level) but connects zone \(zoneID) with SL-T \(target)",
                    at: conduit.location(of: "security_level"), subject: conduit.id)
            }
        }
    }
}
