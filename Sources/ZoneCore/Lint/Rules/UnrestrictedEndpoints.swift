import Foundation

/// ZC047: at SL 3 and above, channels name the hosts they connect.
enum UnrestrictedEndpoints: LintRule {
    static let description = RuleDescription(
        id: "ZC047", name: "unrestricted-endpoints", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-3 SR 7.7"],
        summary: "A channel of a conduit with SL ≥ 3 names neither sources nor destinations, so it opens the service between whole zones.",
        rationale: "Allowlisted source/destination pairs keep a boundary least-privilege; at SL 3 a zone-wide rule gives every host of one zone the service on every host of the other.",
        triggering: [CleartextExample.model(channel: "{protocol: OPC UA, direction: \"Z3 -> Z2 (read only)\", security_mode: SignAndEncrypt}")],
        nonTriggering: [CleartextExample.model(channel: "{protocol: OPC UA, direction: \"Z3 -> Z2 (read only)\", security_mode: SignAndEncrypt, sources: [HIST-01], destinations: [PLC-01]}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            guard let level = conduit.securityLevel, level.overall >= 3 else { continue }
            for channel in conduit.channels where channel.sources.isEmpty && channel.destinations.isEmpty {
                sink.report(
                    "\(channel.protocolName) on \(conduit.id) (\(level)) is open from all of \(channel.from) to all of \(channel.to); name its sources or destinations",
                    at: channel.location, subject: conduit.id)
            }
        }
    }
}
