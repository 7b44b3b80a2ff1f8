import Foundation

/// ZC017: no two assets claim the same address.
enum DuplicateAddress: LintRule {
    static let description = RuleDescription(
        id: "ZC017", name: "duplicate-address", severity: .error,
        references: ["IEC 62443-3-3 SR 7.8", "IEC 62443-3-2 ZCR 6.3"],
        summary: "Two assets have the same IP address.",
        rationale: "The component inventory must identify each device; host rules written for one of them would also match the other.",
        triggering: ["zones:\n  - zone_id: Z3\n    purdue_level: 3\n    security_level_target: SL 2\n    assets: [{name: HIST-01, ip: 10.30.1.50}, {name: OPC-01, ip: 10.30.1.50}]\n"],
        nonTriggering: ["zones:\n  - zone_id: Z3\n    purdue_level: 3\n    security_level_target: SL 2\n    assets: [{name: HIST-01, ip: 10.30.1.50}, {name: OPC-01, ip: 10.30.1.51}]\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        var owners: [IPAddress: String] = [:]
        for zone in model.zones {
            for asset in zone.assets {
                for address in asset.addresses {
                    if let owner = owners[address], owner != asset.name {
                        sink.report("asset \(asset.name) uses address \(address), already used by \(owner)", at: asset.location, subject: zone.id)
                    } else {
                        owners[address] = asset.name
                    }
                }
            }
        }
    }
}
