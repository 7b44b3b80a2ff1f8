import Foundation

/// ZC042: conduits into zones that need availability manage their load.
enum MissingRateLimit: LintRule {
    static let description = RuleDescription(
        id: "ZC042", name: "missing-rate-limit", severity: .warning,
        references: ["IEC 62443-3-3 SR 7.1 RE 1"],
        summary: "A conduit into a zone with SL-T(RA) ≥ 2 declares no rate limiting or load management.",
        rationale: "From SL 2, SR 7.1 RE 1 manages communication loads so that a flood cannot deny the control system its essential functions.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}", conduitExtra: "").replacingOccurrences(of: ", connection rate limiting", with: "")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits where !conduit.channels.isEmpty {
            let targets = Set(conduit.channels.flatMap { ModelQueries.initiations(of: $0).map(\.to) })
            for zoneID in conduit.zones where targets.contains(zoneID) {
                guard let zone = model.zone(zoneID), let level = zone.securityLevelTarget, level[.resourceAvailability] >= 2,
                    !ModelQueries.declares(["rate limit", "rate-limit", "rate limiting", "load management", "flood", "dos protection"], conduit: conduit, zone: zone)
                else { continue }
                sink.report(
                    "conduit \(conduit.id) enters zone \(zoneID) (SL-T \(level)) with no rate limiting declared in its controls",
                    at: conduit.location(of: "controls"), subject: conduit.id)
            }
        }
    }
}
