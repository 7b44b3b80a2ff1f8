import Foundation

/// ZC031: no service passes through the DMZ unchanged.
enum DMZTraversal: LintRule {
    static let description = RuleDescription(
        id: "ZC031", name: "dmz-traversal", severity: .warning,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-3 SR 5.1"],
        summary: "The same service enters the DMZ from one side and leaves it toward the other, with no distinct DMZ host terminating it.",
        rationale: "A DMZ terminates connections; the same port allowed in and out through shared (or unnamed) DMZ hosts lets a flow traverse it.",
        triggering: [DMZExample.model(enterHost: "", leaveHost: "")],
        nonTriggering: [DMZExample.model(enterHost: ", destinations: [DMZ-HIST-01]", leaveHost: ", sources: [DMZ-WSUS-01]")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for dmz in model.zones where dmz.terminatesTraffic {
            var entering: [(Channel, Conduit, String)] = []
            var leaving: [(Channel, Conduit, String)] = []
            for conduit in model.conduits(of: dmz.id) {
                for channel in conduit.channels {
                    for (from, to) in ModelQueries.initiations(of: channel) {
                        if to == dmz.id { entering.append((channel, conduit, from)) }
                        if from == dmz.id { leaving.append((channel, conduit, to)) }
                    }
                }
            }
            for (inbound, _, origin) in entering {
                for (outbound, conduit, target) in leaving where target != origin {
                    guard sharesPort(inbound, outbound), sharesHost(inbound.destinations, outbound.sources) else { continue }
                    sink.report(
                        "\(outbound.protocolName) enters DMZ \(dmz.id) from \(origin) and leaves it toward \(target) on the same port; terminate it on distinct DMZ hosts (name destinations and sources)",
                        at: outbound.location, subject: conduit.id)
                }
            }
        }
    }

    private static func sharesPort(_ lhs: Channel, _ rhs: Channel) -> Bool {
        lhs.ports.contains { left in rhs.ports.contains { $0.transport == left.transport && $0.ports.overlaps(left.ports) } }
    }

    /// Unnamed endpoints mean "any host of the zone", which may be the same host.
    private static func sharesHost(_ inboundDestinations: [EndpointReference], _ outboundSources: [EndpointReference]) -> Bool {
        inboundDestinations.isEmpty || outboundSources.isEmpty || !Set(inboundDestinations).isDisjoint(with: outboundSources)
    }
}

enum DMZExample {
    static func model(enterHost: String, leaveHost: String) -> String {
        """
        zones:
          - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)], requirements: [antivirus]}
          - {zone_id: Z4-DMZ, purdue_level: 3.5, security_level_target: SL 2, assets: [PI mirror (DMZ-HIST-01), Patch server (DMZ-WSUS-01)], requirements: [antivirus]}
          - {zone_id: Z5-ENT, purdue_level: 4, security_level_target: SL 1, assets: [Corporate PC (PC-01)]}
        conduits:
          - conduit_id: C2
            connects: [Z3-OPS, Z4-DMZ]
            security_level: SL 2
            controls: [Firewall, connection rate limiting]
            protocols_allowed:
              - {protocol: HTTPS, direction: "Z4 -> Z3 (patch downloads only)"\(leaveHost)}
          - conduit_id: C3
            connects: [Z4-DMZ, Z5-ENT]
            security_level: SL 2
            controls: [Firewall, connection rate limiting]
            protocols_allowed:
              - {protocol: HTTPS, direction: "Z5 -> Z4 (historian read)"\(enterHost)}

        """
    }
}
