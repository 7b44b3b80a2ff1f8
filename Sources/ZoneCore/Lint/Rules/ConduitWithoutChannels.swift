import Foundation

/// ZC041: every conduit says what flows through it.
enum ConduitWithoutChannels: LintRule {
    static let description = RuleDescription(
        id: "ZC041", name: "conduit-without-channels", severity: .warning,
        references: ["IEC 62443-3-2 ZCR 6.4 h", "IEC 62443-3-3 SR 5.2"],
        summary: "A conduit lists no protocols (channels).",
        rationale: "ZCR 6.4 documents the data flows of each access point; a conduit without channels compiles to deny-all and usually means a missing specification.",
        triggering: ["zones:\n  - {zone_id: Z2, purdue_level: 2, security_level_target: SL 2, allowed_conduits: [C1]}\n  - {zone_id: Z3, purdue_level: 3, security_level_target: SL 2, allowed_conduits: [C1]}\nconduits:\n  - {conduit_id: C1, connects: [Z2, Z3], security_level: SL 2, controls: [Firewall, rate limiting]}\n"],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits where conduit.channels.isEmpty {
            sink.report("conduit \(conduit.id) allows no protocols; add protocols_allowed or remove the conduit", at: conduit.location, subject: conduit.id)
        }
    }
}
