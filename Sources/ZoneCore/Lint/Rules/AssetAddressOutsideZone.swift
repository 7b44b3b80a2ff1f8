import Foundation

/// ZC016: asset addresses lie inside their zone's subnets.
enum AssetAddressOutsideZone: LintRule {
    static let description = RuleDescription(
        id: "ZC016", name: "asset-address-outside-zone", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.1", "IEC 62443-3-2 ZCR 6.3"],
        summary: "An asset's address is outside every subnet of its zone.",
        rationale: "Firewall rules match zones by subnet; an asset outside them is protected by another zone's rules, or by none.",
        triggering: ["zones:\n  - zone_id: Z3\n    purdue_level: 3\n    security_level_target: SL 2\n    network: {subnets: [10.30.0.0/16]}\n    assets: [{name: HIST-01, ip: 10.40.1.50}]\n"],
        nonTriggering: ["zones:\n  - zone_id: Z3\n    purdue_level: 3\n    security_level_target: SL 2\n    network: {subnets: [10.30.0.0/16]}\n    assets: [{name: HIST-01, ip: 10.30.1.50}]\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones where !zone.network.subnets.isEmpty {
            for asset in zone.assets {
                for address in asset.addresses where !zone.network.subnets.contains(where: { $0.contains(address) }) {
                    sink.report(
                        "asset \(asset.name) has address \(address), outside the subnets of zone \(zone.id) (\(zone.network.subnets.map(\.description).joined(separator: ", ")))",
                        at: asset.location, subject: zone.id)
                }
            }
        }
    }
}
