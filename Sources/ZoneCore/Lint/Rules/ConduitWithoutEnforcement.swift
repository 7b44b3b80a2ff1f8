import Foundation

/// ZC040: every conduit names how it is enforced.
enum ConduitWithoutEnforcement: LintRule {
    static let description = RuleDescription(
        id: "ZC040", name: "conduit-without-enforcement", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-2 ZCR 6.4 f"],
        summary: "A conduit declares no controls and no firewall of the model has interfaces in its zones.",
        rationale: "Zone boundary protection needs a device that monitors and controls the conduit (firewall, diode, gateway); without one the conduit is only a drawing.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}").replacingOccurrences(of: "    controls: [Industrial firewall with DPI, connection rate limiting]\n", with: "")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits where conduit.controls.isEmpty {
            let enforced = model.firewalls.contains { firewall in
                conduit.zones.allSatisfy { zone in firewall.interfaces.contains { $0.zone == zone } }
            }
            if !enforced {
                sink.report("conduit \(conduit.id) names no controls and no firewall of the model sits between its zones", at: conduit.location, subject: conduit.id)
            }
        }
    }
}
