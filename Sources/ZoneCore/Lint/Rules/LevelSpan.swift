import Foundation

/// ZC045: a zone covers one Purdue level or two adjacent ones.
enum LevelSpan: LintRule {
    static let description = RuleDescription(
        id: "ZC045", name: "level-span", severity: .warning,
        references: ["IEC 62443-3-2 ZCR 3.1", "Purdue reference model"],
        summary: "A zone spans more than two adjacent Purdue levels (\"1-3\").",
        rationale: "Zones group assets with common security requirements; a zone from level 1 to 3 puts controllers and site servers behind one boundary.",
        triggering: ["zones:\n  - {zone_id: Z-FLAT, purdue_level: \"1-3\", security_level_target: SL 2}\n"],
        nonTriggering: ["zones:\n  - {zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 2}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            guard let range = zone.purdue, range.upper.rank - range.lower.rank > 1 else { continue }
            sink.report("zone \(zone.id) spans Purdue levels \(range); split it so that each zone covers at most two adjacent levels", at: zone.location(of: "purdue_level"), subject: zone.id)
        }
    }
}
