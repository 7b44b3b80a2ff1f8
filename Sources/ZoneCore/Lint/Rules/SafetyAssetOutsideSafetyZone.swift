import Foundation

/// ZC021: safety-related assets sit in safety-designated zones of their own.
enum SafetyAssetOutsideSafetyZone: LintRule {
    static let description = RuleDescription(
        id: "ZC021", name: "safety-asset-outside-safety-zone", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.3", "IEC 62443-3-3 SR 5.1"],
        summary: "A safety-related asset (SIS controller) is in a zone that is not safety-designated, or a safety zone holds non-safety assets.",
        rationale: "ZCR 3.3 puts safety-related assets in dedicated zones (or designates the zone safety-related); SIS next to BPCS shares its failure modes and attack paths.",
        triggering: ["zones:\n  - {zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 2, assets: [ControlLogix PLC (PLC-01), Triconex Safety Controller (SIS-01)]}\n"],
        nonTriggering: ["zones:\n  - {zone_id: Z1-SIS, purdue_level: 1, security_level_target: SL 3, criticality: Safety Critical, assets: [Triconex Safety Controller (SIS-01)]}\n  - {zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 2, assets: [ControlLogix PLC (PLC-01)]}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            for asset in zone.assets where asset.isSafety && !zone.safetyDesignated {
                sink.report(
                    "safety asset \(asset.name) is in zone \(zone.id), which is not safety-designated; move it to a safety zone or set safety_designated: true",
                    at: asset.location, subject: zone.id)
            }
            guard zone.safetyDesignated else { continue }
            for asset in zone.assets where !asset.isSafety && asset.role != .engineeringWorkstation && asset.role.isControlSystem {
                sink.report(
                    "safety zone \(zone.id) also holds \(asset.name), a \(asset.role.rawValue) that is not safety-related",
                    at: asset.location, subject: zone.id)
            }
        }
    }
}
