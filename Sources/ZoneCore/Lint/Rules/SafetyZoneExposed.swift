import Foundation

/// ZC023: nothing from the DMZ or above, and nothing that writes, reaches a safety zone.
enum SafetyZoneExposed: LintRule {
    static let description = RuleDescription(
        id: "ZC023", name: "safety-zone-exposed", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.3", "IEC 62443-3-3 SR 5.1 RE 3", "IEC 62443-3-3 SR 5.2"],
        summary: "A safety zone is reached from level 3.5 or above, or a channel into it can write.",
        rationale: "Safety systems are air-gapped or joined by tightly restricted, preferably one-way flows; a write path or an enterprise path into a SIS lets an attacker defeat the last layer of protection.",
        triggering: [RuleExamples.pair(
            "{zone_id: Z1-SIS, purdue_level: 1, security_level_target: SL 3, criticality: Safety Critical, allowed_conduits: [C1], assets: [Triconex Safety Controller (SIS-01)]}",
            "{zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 3, assets: [PLC (PLC-01)], allowed_conduits: [C1]}",
            connects: "Z1-SIS, Z2-BPCS", conduitSL: "SL 3", channels: ["{protocol: Modbus/TCP, direction: \"Z2 -> Z1\"}"])],
        nonTriggering: [RuleExamples.pair(
            "{zone_id: Z1-SIS, purdue_level: 1, security_level_target: SL 3, criticality: Safety Critical, allowed_conduits: [C1], assets: [Triconex Safety Controller (SIS-01)]}",
            "{zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 3, assets: [PLC (PLC-01)], allowed_conduits: [C1]}",
            connects: "Z1-SIS, Z2-BPCS", conduitSL: "SL 3", channels: ["{protocol: Modbus/TCP, direction: \"Z2 -> Z1 (read only, FC 3/4)\"}"])])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels {
                for (initiator, target) in ModelQueries.initiations(of: channel) {
                    guard let safety = model.zone(target), safety.safetyDesignated, let source = model.zone(initiator) else { continue }
                    if let level = source.purdue, level.upper >= .dmz {
                        sink.report(
                            "\(channel.protocolName) from \(source.id) (level \(level)) reaches safety zone \(safety.id)",
                            at: channel.location, subject: conduit.id)
                    } else if channel.canWrite {
                        sink.report(
                            "\(channel.protocolName) from \(source.id) into safety zone \(safety.id) can write; restrict it to reads",
                            at: channel.location, subject: conduit.id)
                    }
                }
            }
        }
    }
}
