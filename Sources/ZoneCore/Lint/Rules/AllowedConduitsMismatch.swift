import Foundation

/// ZC013: a zone's `allowed_conduits` and the conduits' `connects` say the same thing.
enum AllowedConduitsMismatch: LintRule {
    static let description = RuleDescription(
        id: "ZC013", name: "allowed-conduits-mismatch", severity: .error,
        references: ["IEC 62443-3-2 ZCR 6.4 i", "IEC 62443-3-2 ZCR 3.1"],
        summary: "A zone's allowed_conduits disagrees with the conduits that connect it.",
        rationale: "The connected zones and conduits are part of each zone's characteristics; two lists that disagree hide either an unapproved path or a missing one.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}").replacingOccurrences(of: "assets: [Historian (HIST-01)], allowed_conduits: [C1]", with: "assets: [Historian (HIST-01)], allowed_conduits: []")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            guard let allowed = zone.allowedConduits else { continue }
            let connecting = model.conduits(of: zone.id).map(\.id)
            for conduitID in connecting where !allowed.contains(conduitID) {
                sink.report(
                    "conduit \(conduitID) connects zone \(zone.id), but the zone's allowed_conduits does not list it",
                    at: zone.location(of: "allowed_conduits"), subject: zone.id)
            }
            for conduitID in allowed where model.conduit(conduitID) != nil && !connecting.contains(conduitID) {
                sink.report(
                    "zone \(zone.id) lists conduit \(conduitID) in allowed_conduits, but that conduit does not connect it",
                    at: zone.location(of: "allowed_conduits"), subject: zone.id)
            }
        }
    }
}
