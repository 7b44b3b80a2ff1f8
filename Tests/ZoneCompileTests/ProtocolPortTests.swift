import Foundation
import Testing
import ZoneCompile
import ZoneCore

/// A conduit allowing udp/123 (and tcp/502) must not open tcp/123 or udp/502 on any platform.
@Suite struct ProtocolPortTests {
    static let yaml = """
        zones:
          - {zone_id: ZA-FIELD, purdue_level: 1, security_level_target: SL 2, network: {vlan: 10, subnets: ["198.18.10.0/24"]}}
          - {zone_id: ZB-SITE, purdue_level: 3, security_level_target: SL 2, network: {vlan: 20, subnets: ["198.18.20.0/24"]}}
        conduits:
          - conduit_id: C1
            connects: [ZA-FIELD, ZB-SITE]
            security_level: SL 2
            channels:
              - {protocol: NTP, port: "123/udp", direction: "ZA -> ZB"}
              - {protocol: Modbus/TCP, direction: "ZB -> ZA (read only)"}
        devices:
          firewalls:
            - name: FW1
              platform: asa
              interfaces:
                - {name: Gi0/1, zone: ZA-FIELD, address: "198.18.10.1/24"}
                - {name: Gi0/2, zone: ZB-SITE, address: "198.18.20.1/24"}
            - name: FG1
              platform: fortigate
              interfaces:
                - {name: port1, zone: ZA-FIELD}
                - {name: port2, zone: ZB-SITE}
        """

    static let mainFile: [Platform: String] = [.suricata: "suricata/zonectl.rules", .snort: "snort/zonectl.rules"]

    func files(_ platform: Platform) throws -> String {
        try Fixtures.file(try Fixtures.compile(try Fixtures.model(yaml: Self.yaml), [platform]), prefix: Self.mainFile[platform] ?? "\(platform.rawValue)/")
    }

    @Test func asaServiceGroupsKeepTheirTransport() throws {
        let text = try files(.asa)
        #expect(text.contains("service-object udp destination eq 123"))
        #expect(!text.contains("tcp destination eq 123"))
        #expect(text.contains("service-object tcp destination eq 502"))
        #expect(!text.contains("udp destination eq 502"))
    }

    @Test func fortigateServicesKeepTheirTransport() throws {
        let text = try files(.fortigate)
        #expect(text.contains("set udp-portrange 123"))
        #expect(!text.contains("set tcp-portrange 123"))
        #expect(!text.contains("set udp-portrange 502"))
    }

    @Test func nftablesRulesKeepTheirTransport() throws {
        let text = try files(.nftables)
        #expect(text.contains("udp dport 123 counter accept"))
        #expect(!text.contains("tcp dport 123"))
        #expect(!text.contains("udp dport 502"))
    }

    @Test(arguments: [Platform.suricata, .snort])
    func idsRulesFlagTheCrossedTransport(platform: Platform) throws {
        let lines = try files(platform).split(separator: "\n")
        let field = platform == .suricata ? "$ZONECTL_ZONE_ZA_FIELD" : "[198.18.10.0/24]"
        let site = platform == .suricata ? "$ZONECTL_ZONE_ZB_SITE" : "[198.18.20.0/24]"
        // tcp from ZA to ZB: no tcp port is allowed, so the rule covers every port, 123 included.
        let tcpOut = lines.first { $0.contains(" tcp \(field) any -> \(site) ") }
        #expect(tcpOut?.contains("-> \(site) any (") == true)
        let udpOut = lines.first { $0.contains(" udp \(field) any -> \(site) ") }
        #expect(udpOut?.contains("![123]") == true)
        let udpIn = lines.first { $0.contains(" udp \(site) any -> \(field) ") }
        #expect(udpIn?.contains("-> \(field) any (") == true)
    }

    @Test func modbusGuardListsOnlyTheTCPPort() throws {
        let text = try files(.modbusGuard)
        #expect(text.contains("ports: [\"502\"]"))
        #expect(!text.contains("123"))
    }
}
