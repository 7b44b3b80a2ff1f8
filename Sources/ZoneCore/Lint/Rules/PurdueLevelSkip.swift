import Foundation

/// ZC032: conduits join neighbouring Purdue levels.
enum PurdueLevelSkip: LintRule {
    static let description = RuleDescription(
        id: "ZC032", name: "purdue-level-skip", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.1", "IEC 62443-3-2 ZCR 3.1", "Purdue reference model"],
        summary: "A conduit joins zones whose Purdue levels are not adjacent (level 3 straight to level 1).",
        rationale: "Each level is a layer of defence; a conduit that skips one removes it and must be an explicit, justified exception.",
        triggering: [RuleExamples.pair(
            "{zone_id: Z1-CTRL, purdue_level: 1, security_level_target: SL 2, assets: [PLC (PLC-01)]}",
            "{zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)]}",
            connects: "Z1-CTRL, Z3-OPS", channels: ["{protocol: Modbus/TCP, direction: \"Z3 -> Z1 (read only)\"}"])],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: Modbus/TCP, direction: \"Z3 -> Z2 (read only)\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            let zones = conduit.zones.compactMap(model.zone)
            for (index, first) in zones.enumerated() {
                for second in zones[(index + 1)...] {
                    guard let a = first.purdue, let b = second.purdue, a.distance(to: b) > 1 else { continue }
                    // Enterprise-to-plant conduits are reported by ZC030 already.
                    if (a.isEnterprise && b.isOperationalTechnology) || (b.isEnterprise && a.isOperationalTechnology) { continue }
                    sink.report(
                        "conduit \(conduit.id) joins \(first.id) (level \(a)) and \(second.id) (level \(b)), which are not adjacent Purdue levels",
                        at: conduit.location(of: "connects"), subject: conduit.id)
                }
            }
        }
    }
}
