import Foundation

/// ZC025: wireless devices have a zone of their own.
enum WirelessDevicesMixed: LintRule {
    static let description = RuleDescription(
        id: "ZC025", name: "wireless-devices-mixed", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.5", "IEC 62443-3-3 SR 1.6"],
        summary: "Wireless devices share a zone with wired devices.",
        rationale: "The radio reaches beyond the physical boundary; ZCR 3.5 puts wireless devices in their own zone with the access point as conduit.",
        triggering: ["zones:\n  - zone_id: Z2\n    purdue_level: 2\n    security_level_target: SL 2\n    assets: [HMI (HMI-01), {name: WHART-GW-01, wireless: true}]\n"],
        nonTriggering: ["zones:\n  - zone_id: Z2\n    purdue_level: 2\n    security_level_target: SL 2\n    assets: [HMI (HMI-01)]\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        MixedAssetCheck.report(model, &sink, kind: "wireless", isMember: \.wireless)
    }
}
