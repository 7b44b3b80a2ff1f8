import Foundation

/// ZC024: temporarily connected devices have a zone of their own.
enum TemporaryDevicesMixed: LintRule {
    static let description = RuleDescription(
        id: "ZC024", name: "temporary-devices-mixed", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.4"],
        summary: "Temporarily connected devices (laptops, handhelds) share a zone with permanent assets.",
        rationale: "Temporary devices are exposed to other networks while away; ZCR 3.4 keeps them out of permanent-asset zones.",
        triggering: ["zones:\n  - zone_id: Z2\n    purdue_level: 2\n    security_level_target: SL 2\n    assets: [HMI (HMI-01), {name: Vendor laptop, temporary: true}]\n"],
        nonTriggering: ["zones:\n  - zone_id: Z2\n    purdue_level: 2\n    security_level_target: SL 2\n    assets: [HMI (HMI-01)]\n  - zone_id: Z2-TEMP\n    purdue_level: 2\n    security_level_target: SL 2\n    assets: [{name: Vendor laptop, temporary: true}]\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        MixedAssetCheck.report(model, &sink, kind: "temporary", isMember: \.temporary)
    }
}

/// Shared by the ZCR 3.4–3.6 rules: a zone that holds both assets with a property and assets without it.
enum MixedAssetCheck {
    static func report(_ model: ZoneModel, _ sink: inout FindingSink, kind: String, isMember: (Asset) -> Bool) {
        for zone in model.zones {
            guard let member = zone.assets.first(where: isMember), let other = zone.assets.first(where: { !isMember($0) }) else {
                continue
            }
            sink.report(
                "zone \(zone.id) mixes \(kind) asset \(member.name) with \(other.name); give \(kind) devices their own zone",
                at: member.location, subject: zone.id)
        }
    }
}
