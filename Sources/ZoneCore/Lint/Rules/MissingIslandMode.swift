import Foundation

/// ZC044: critical zones can cut themselves off and fail closed.
enum MissingIslandMode: LintRule {
    static let description = RuleDescription(
        id: "ZC044", name: "missing-island-mode", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.2 RE 2", "IEC 62443-3-3 SR 5.2 RE 3"],
        summary: "A zone with SL-T(RDF) ≥ 3 has conduits but declares neither island mode nor fail-close boundary protection.",
        rationale: "At SL 3 the boundary can isolate the zone (island mode, SR 5.2 RE 2) and fails closed when the boundary protection fails (RE 3).",
        triggering: [CleartextExample.model(channel: "{protocol: OPC UA, direction: \"Z3 -> Z2 (read only)\", security_mode: SignAndEncrypt}").replacingOccurrences(of: "requirements: [island mode, fail close]", with: "requirements: []")],
        nonTriggering: [CleartextExample.model(channel: "{protocol: OPC UA, direction: \"Z3 -> Z2 (read only)\", security_mode: SignAndEncrypt}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            guard let level = zone.securityLevelTarget, level[.restrictedDataFlow] >= 3, !model.conduits(of: zone.id).isEmpty else { continue }
            let text = zone.declaredControlText
            let island = text.contains("island")
            let failClose = text.contains("fail close") || text.contains("fail-close") || text.contains("fail closed") || text.contains("fail-closed")
            guard !(island && failClose) else { continue }
            let missing = [island ? nil : "island mode", failClose ? nil : "fail-close"].compactMap { $0 }.joined(separator: " and ")
            sink.report("zone \(zone.id) (SL-T \(level)) declares no \(missing) for its boundary", at: zone.location, subject: zone.id)
        }
    }
}
