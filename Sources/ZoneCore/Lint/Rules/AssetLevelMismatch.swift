import Foundation

/// ZC019: an asset's role fits the Purdue level of its zone.
enum AssetLevelMismatch: LintRule {
    static let description = RuleDescription(
        id: "ZC019", name: "asset-level-mismatch", severity: .warning,
        references: ["IEC 62443-3-2 ZCR 3.1", "Purdue reference model"],
        summary: "An asset's role belongs to other Purdue levels than its zone's (a PLC in a level 3 zone).",
        rationale: "Zones group assets with common security requirements; a controller among level 3 servers shares their exposure without their hardening.",
        triggering: ["zones:\n  - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [ControlLogix PLC (PLC-01)]}\n"],
        nonTriggering: ["zones:\n  - {zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 2, assets: [ControlLogix PLC (PLC-01)]}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            guard let levels = zone.purdue else { continue }
            for asset in zone.assets {
                guard let expected = asset.role.expectedLevels, expected.distance(to: levels) > 0 else { continue }
                sink.report(
                    "asset \(asset.name) looks like a \(asset.role.rawValue) (level \(expected)), but zone \(zone.id) is level \(levels)",
                    at: asset.location, subject: zone.id)
            }
        }
    }
}
