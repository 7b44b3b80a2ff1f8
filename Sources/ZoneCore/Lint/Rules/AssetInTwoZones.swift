import Foundation

/// ZC014: each asset belongs to exactly one zone.
enum AssetInTwoZones: LintRule {
    static let description = RuleDescription(
        id: "ZC014", name: "asset-in-two-zones", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.1", "IEC 62443-3-2 ZCR 6.3"],
        summary: "The same asset is listed in more than one zone.",
        rationale: "Every asset is assigned to one zone; an asset in two zones is either a dual-homed bypass or a documentation error.",
        triggering: ["zones:\n  - {zone_id: Z2-BPCS, purdue_level: 2, security_level_target: SL 2, assets: [HMI (HMI-01)]}\n  - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [HMI (HMI-01)]}\n"],
        nonTriggering: ["zones:\n  - {zone_id: Z2-BPCS, purdue_level: 2, security_level_target: SL 2, assets: [HMI (HMI-01)]}\n  - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)]}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        var firstZone: [String: String] = [:]
        for zone in model.zones {
            for asset in zone.assets {
                let key = asset.name.lowercased()
                if let other = firstZone[key], other != zone.id {
                    sink.report("asset \(asset.name) is in zone \(zone.id) and also in zone \(other)", at: asset.location, subject: zone.id)
                } else {
                    firstZone[key] = zone.id
                }
            }
        }
    }
}
