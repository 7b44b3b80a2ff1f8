import Foundation

/// ZC033: a conduit that relies on a data diode carries nothing the other way.
enum DiodeReverseChannel: LintRule {
    static let description = RuleDescription(
        id: "ZC033", name: "diode-reverse-channel", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-2 ZCR 3.1"],
        summary: "A conduit with a unidirectional (data diode) channel also carries a channel in the reverse direction.",
        rationale: "The one-way guarantee of a diode holds only if no other path between the same zones goes back; a reverse channel on the same conduit is that path and belongs in a separately enforced conduit.",
        triggering: [DiodeExample.model(extra: "      - {protocol: HTTPS, direction: \"Z4 -> Z3 (patch downloads only)\"}\n")],
        nonTriggering: [DiodeExample.model(extra: "")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for diode in conduit.channels where diode.unidirectional {
                for other in conduit.channels where !other.unidirectional {
                    let reverse = ModelQueries.initiations(of: other).contains { $0.from == diode.to && $0.to == diode.from }
                    guard reverse else { continue }
                    sink.report(
                        "conduit \(conduit.id) carries \(diode.protocolName) one way through a data diode (\(diode.from) -> \(diode.to)), but also \(other.protocolName) from \(diode.to) to \(diode.from); move it to its own conduit",
                        at: other.location, subject: conduit.id)
                }
            }
        }
    }
}

enum DiodeExample {
    static func model(extra: String, fromSL: String = "SL 2", toSL: String = "SL 2") -> String {
        """
        zones:
          - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: \(fromSL), assets: [Historian (HIST-01)], requirements: [antivirus]}
          - {zone_id: Z4-DMZ, purdue_level: 3.5, security_level_target: \(toSL), assets: [PI mirror (DMZ-HIST-01)], requirements: [antivirus]}
        conduits:
          - conduit_id: C2
            connects: [Z3-OPS, Z4-DMZ]
            security_level: SL 2
            controls: [Data diode, connection rate limiting]
            protocols_allowed:
              - {protocol: PI-to-PI, direction: "Z3 -> Z4 (unidirectional via data diode)"}
        \(extra)
        """
    }
}
