import Foundation

/// ZC030: enterprise zones reach levels 0–3 only through the industrial DMZ.
enum EnterpriseBypassesDMZ: LintRule {
    static let description = RuleDescription(
        id: "ZC030", name: "enterprise-bypasses-dmz", severity: .error,
        references: ["IEC 62443-3-3 SR 5.1", "IEC 62443-3-3 SR 5.2", "IEC 62443-3-2 ZCR 3.2"],
        summary: "A conduit joins an enterprise or external zone (level 4/5) directly to a zone at levels 0–3, without ending in the 3.5 DMZ.",
        rationale: "All IT/OT traffic terminates in the industrial DMZ; a direct conduit lets an enterprise compromise reach the control network in one step.",
        triggering: [RuleExamples.pair(
            "{zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)]}",
            "{zone_id: Z5-ENT, purdue_level: 4, security_level_target: SL 1, assets: [Corporate PC (PC-01)]}",
            connects: "Z3-OPS, Z5-ENT", channels: ["{protocol: HTTPS, direction: \"Z5 -> Z3\"}"])],
        nonTriggering: [RuleExamples.pair(
            "{zone_id: Z4-DMZ, purdue_level: 3.5, security_level_target: SL 2, assets: [Historian mirror (DMZ-HIST-01)]}",
            "{zone_id: Z5-ENT, purdue_level: 4, security_level_target: SL 1, assets: [Corporate PC (PC-01)]}",
            connects: "Z4-DMZ, Z5-ENT", channels: ["{protocol: HTTPS, direction: \"Z5 -> Z4\"}"])])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            let zones = conduit.zones.compactMap(model.zone)
            for enterprise in zones where enterprise.purdue?.isEnterprise == true || enterprise.external {
                for plant in zones where plant.purdue?.isOperationalTechnology == true {
                    sink.report(
                        "conduit \(conduit.id) joins \(enterprise.id) (level \(enterprise.purdue?.description ?? "external")) directly to \(plant.id) (level \(plant.purdue!)); route it through the level 3.5 DMZ",
                        at: conduit.location(of: "connects"), subject: conduit.id)
                }
            }
        }
    }
}
