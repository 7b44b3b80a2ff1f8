import Foundation

/// Small models that rule examples build on, so each example shows only what matters to its rule.
enum RuleExamples {
    static let minimal = """
        zones:
          - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)]}

        """

    /// Control zone Z2-BPCS and operations zone Z3-OPS joined by conduit C1 carrying `channel`.
    static func twoZones(channel: String, conduitExtra: String = "", zoneExtra: String = "") -> String {
        """
        zones:
          - {zone_id: Z2-BPCS, purdue_level: "1-2", security_level_target: SL 2, assets: [PLC (PLC-01)], allowed_conduits: [C1]\(zoneExtra)}
          - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)], allowed_conduits: [C1]}
        conduits:
          - conduit_id: C1
            connects: [Z2-BPCS, Z3-OPS]
            security_level: SL 2
            controls: [Industrial firewall with DPI, connection rate limiting]\(conduitExtra)
            protocols_allowed:
              - \(channel)

        """
    }

    /// Zones `a` and `b` (given as flow mappings) joined by conduit C1 with the given channels.
    static func pair(_ a: String, _ b: String, connects: String, conduitSL: String = "SL 2", channels: [String], controls: String = "[Industrial firewall, connection rate limiting]") -> String {
        var text = """
            zones:
              - \(a)
              - \(b)
            conduits:
              - conduit_id: C1
                connects: [\(connects)]
                security_level: \(conduitSL)
                controls: \(controls)
                protocols_allowed:

            """
        for channel in channels { text += "      - \(channel)\n" }
        return text
    }
}
