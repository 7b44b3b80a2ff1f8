import Foundation

/// ZC018: the ZCR 6.4 characteristics of each zone and conduit are written down.
enum ZoneDocumentation: LintRule {
    static let description = RuleDescription(
        id: "ZC018", name: "zcr-6.4-documentation", severity: .warning,
        references: ["IEC 62443-3-2 ZCR 6.4", "IEC 62443-3-2 ZCR 5.13"],
        summary: "A zone or conduit lacks a ZCR 6.4 characteristic: accountable organisation, logical boundary, physical boundary, access points, policies, assumptions or risk rationale. With --strict these are errors.",
        rationale: "The cyber security requirements specification documents each zone and conduit (ZCR 6.4 items a–n); an assessor asks for every one of them.",
        triggering: [RuleExamples.minimal],
        nonTriggering: ["""
            zones:
              - zone_id: Z3-OPS
                purdue_level: 3
                security_level_target: SL 2
                assets: [Historian (HIST-01)]
                accountable_org: Site OT team
                logical_boundary: VLAN 30, 10.30.0.0/16
                physical_boundary: Control building rack room
                access_points: [ISA-3000 Gi1/2]
                policies: [OT-SEC-001]
                assumptions: [Physical access is controlled]
                risk_rationale: RA-2026-03 section 4

            """])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            let missing = missingFields(zone.documentation, network: zone.network)
            if !missing.isEmpty {
                sink.report("zone \(zone.id) does not document: \(missing.joined(separator: ", "))", at: zone.location, subject: zone.id)
            }
        }
        for conduit in model.conduits {
            let missing = missingFields(conduit.documentation, network: nil).filter { $0 != "logical_boundary" && $0 != "physical_boundary" }
            if !missing.isEmpty {
                sink.report("conduit \(conduit.id) does not document: \(missing.joined(separator: ", "))", at: conduit.location, subject: conduit.id)
            }
        }
    }

    private static func missingFields(_ documentation: Documentation, network: ZoneNetwork?) -> [String] {
        var missing: [String] = []
        if documentation.accountableOrganization == nil { missing.append("accountable_org") }
        if documentation.logicalBoundary == nil && (network.map { $0.subnets.isEmpty && $0.vlan == nil } ?? true) {
            missing.append("logical_boundary")
        }
        if documentation.physicalBoundary == nil { missing.append("physical_boundary") }
        if documentation.accessPoints == nil { missing.append("access_points") }
        if documentation.policies == nil { missing.append("policies") }
        if documentation.assumptions == nil { missing.append("assumptions") }
        if documentation.riskRationale == nil { missing.append("risk_rationale") }
        return missing
    }
}
