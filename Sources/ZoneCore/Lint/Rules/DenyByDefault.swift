import Foundation

/// ZC038: conduits allow by exception; nothing opens every port.
enum DenyByDefault: LintRule {
    static let description = RuleDescription(
        id: "ZC038", name: "deny-by-default", severity: .error,
        references: ["IEC 62443-3-3 SR 5.2 RE 1", "IEC 62443-3-3 SR 7.7"],
        summary: "A channel allows any port, or a range of more than 1,024 ports, into a zone whose SL-T is 2 or more (a warning at SL 1).",
        rationale: "From SL 2, zone boundaries deny by default and allow by exception (SR 5.2 RE 1); a wide-open channel is an allow-by-default boundary and violates least functionality (SR 7.7).",
        triggering: [RuleExamples.twoZones(channel: "{protocol: any, port: any, direction: \"Z3 -> Z2\"}")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: OPC UA, direction: \"Z3 -> Z2 (read only)\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels {
                let width = channel.ports.reduce(0) { $0 + Int($1.ports.upper) - Int($1.ports.lower) + 1 }
                guard width > 1024 else { continue }
                let level = [channel.from, channel.to].compactMap { model.zone($0)?.securityLevelTarget?[.restrictedDataFlow] }.max() ?? 1
                sink.report(
                    "\(channel.protocolName) on \(conduit.id) opens \(width) ports from \(channel.from) to \(channel.to); allow only the ports the service uses",
                    at: channel.location(of: "port"), subject: conduit.id, severity: level >= 2 ? .error : .warning)
            }
        }
    }
}
