import Foundation

/// ZC026: devices reached over external networks have a zone of their own.
enum ExternalDevicesMixed: LintRule {
    static let description = RuleDescription(
        id: "ZC026", name: "external-devices-mixed", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.6", "IEC 62443-3-3 SR 1.13"],
        summary: "Devices connected through external networks (remote sites, vendors, cellular) share a zone with local devices.",
        rationale: "ZCR 3.6 separates devices reached over networks outside the system under consideration; SR 1.13 controls access over untrusted networks.",
        triggering: ["zones:\n  - zone_id: Z3\n    purdue_level: 3\n    security_level_target: SL 2\n    assets: [Historian (HIST-01), {name: Remote RTU-07, remote: true}]\n"],
        nonTriggering: ["zones:\n  - zone_id: Z3\n    purdue_level: 3\n    security_level_target: SL 2\n    assets: [Historian (HIST-01)]\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        MixedAssetCheck.report(model, &sink, kind: "remote", isMember: \.remote)
    }
}
