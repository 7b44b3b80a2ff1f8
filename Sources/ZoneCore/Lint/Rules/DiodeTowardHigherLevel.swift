import Foundation

/// ZC034: a data diode points from the more protected zone to the less protected one.
enum DiodeTowardHigherLevel: LintRule {
    static let description = RuleDescription(
        id: "ZC034", name: "diode-toward-higher-sl", severity: .error,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-3 SR 5.1"],
        summary: "A unidirectional channel sends data from a zone with a lower SL-T into a zone with a higher SL-T.",
        rationale: "A diode protects its source side's integrity from the destination; pointed into the more critical zone it lets the less trusted zone push data in and protects nothing.",
        triggering: [DiodeExample.model(extra: "", fromSL: "SL 1", toSL: "SL 3")],
        nonTriggering: [DiodeExample.model(extra: "", fromSL: "SL 3", toSL: "SL 2")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels where channel.unidirectional {
                guard let from = model.zone(channel.from)?.securityLevelTarget, let to = model.zone(channel.to)?.securityLevelTarget,
                    from.overall < to.overall
                else { continue }
                sink.report(
                    "data diode on \(conduit.id) sends from \(channel.from) (\(from)) into \(channel.to) (\(to)); a diode points from the higher SL-T zone to the lower",
                    at: channel.location, subject: conduit.id)
            }
        }
    }
}
