import Foundation

/// ZC048: a firewall interface's address lies in the zone it faces.
enum FirewallInterfaceOutsideZone: LintRule {
    static let description = RuleDescription(
        id: "ZC048", name: "firewall-interface-outside-zone", severity: .error,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-2 ZCR 6.4 f"],
        summary: "A firewall interface's address is outside the subnets of the zone it is declared to face.",
        rationale: "The interface is the zone's logical access point; with an address in another subnet the zone's traffic never reaches it, or reaches it through a bypass.",
        triggering: [FirewallExample.model(address: "10.40.1.1/16")],
        nonTriggering: [FirewallExample.model(address: "10.30.1.1/16")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for firewall in model.firewalls {
            for interface in firewall.interfaces {
                guard let zone = model.zone(interface.zone), !zone.network.subnets.isEmpty else { continue }
                for address in [interface.address, interface.address6].compactMap({ $0?.address })
                where !zone.network.subnets.contains(where: { $0.contains(address) }) {
                    sink.report(
                        "firewall \(firewall.name) interface \(interface.name) has address \(address), outside the subnets of zone \(zone.id)",
                        at: interface.location, subject: firewall.name)
                }
            }
        }
    }
}

enum FirewallExample {
    static func model(address: String) -> String {
        """
        zones:
          - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, network: {vlan: 30, subnets: [10.30.0.0/16]}}
        devices:
          firewalls:
            - name: FW-1
              platform: asa
              interfaces:
                - {name: GigabitEthernet1/2, zone: Z3-OPS, address: \(address), security_level: 70}

        """
    }
}
