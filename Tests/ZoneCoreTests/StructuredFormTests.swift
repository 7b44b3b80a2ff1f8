import Testing
@testable import ZoneCore

/// The structured forms that stand beside the implementation guide's free text.
@Suite struct StructuredFormTests {
    static let yaml = """
        zones:
          - zone_id: Z2-BPCS
            purdue_level: "1-2"
            security_level_target: [2, 2, 0, 1, 3, 1, 3]
            network: {vlan: 20, subnets: [10.20.0.0/16, "fd00:20::/64"], gateway: 10.20.1.1}
            assets:
              - {name: PLC-01, role: plc, ip: [10.20.1.10, "fd00:20::10"], switch_port: Gi1/0/1}
          - zone_id: Z3-OPS
            purdue_level: L3
            security_level_target: {IAC: 2, UC: 2, SI: 2, DC: 2, RDF: 2, TRE: 2, RA: 2}
            network: {vlan: 30, subnets: [10.30.0.0/16]}
            assets: [{name: HIST-01, ip: 10.30.1.50, temporary: false, wireless: false, remote: false}]
        conduits:
          - conduit_id: C1
            connects: [Z2-BPCS, Z3-OPS]
            security_level: 2
            mode: monitor
            protocols_allowed:
              - {protocol: Modbus/TCP, direction: {from: Z3-OPS, to: Z2-BPCS}, function_codes: [4, 3, 3], sources: [HIST-01], destinations: [10.20.1.0/24]}
              - {protocol: NTP, direction: "Z3 -> Z2"}
              - {protocol: Custom historian feed, port: "9000-9010", transport: udp, direction: "Z2 <- Z3"}
              - {protocol: EtherNet/IP, direction: "Z3 <-> Z2"}
              - {protocol: HTTPS, port: "8443/tcp", direction: {from: Z2-BPCS, to: Z3-OPS}, read_only: true, mfa: true, jump_host: yes}
        """

    @Test func structuredFormsLoad() throws {
        let result = ModelLoader.load(yaml: Self.yaml, file: "structured.yaml")
        #expect(result.findings.isEmpty, "\(result.findings)")
        let model = try #require(result.model)
        #expect(model.zone("Z2-BPCS")?.securityLevelTarget?[.restrictedDataFlow] == 3)
        #expect(model.zone("Z2-BPCS")?.securityLevelTarget?.description == "{2201313}")
        #expect(model.zone("Z3-OPS")?.securityLevelTarget?.overall == 2)
        #expect(model.zone("Z2-BPCS")?.network.subnets.count == 2)
        #expect(model.asset(named: "PLC-01")?.asset.addresses.count == 2)
        let conduit = try #require(model.conduit("C1"))
        #expect(conduit.mode == .monitor)
        let modbus = conduit.channels[0]
        #expect(modbus.functionCodes == [3, 4] && modbus.from == "Z3-OPS" && modbus.sources == [.asset("HIST-01")])
        #expect(modbus.destinations == [.network(IPNetwork("10.20.1.0/24")!)])
        #expect(conduit.channels[1].ports == [ServicePort(.udp, 123)], "NTP defaults to udp/123 only")
        let custom = conduit.channels[2]
        #expect(custom.ports == [ServicePort(.udp, PortRange(lower: 9000, upper: 9010))] && custom.from == "Z3-OPS" && custom.to == "Z2-BPCS")
        let enip = conduit.channels[3]
        #expect(enip.bidirectional && enip.ports == [ServicePort(.tcp, 44818), ServicePort(.udp, 2222)])
        let https = conduit.channels[4]
        #expect(https.ports == [ServicePort(.tcp, 8443)] && https.mfa && https.jumpHost && https.readOnly)
    }

    /// A channel for udp/123 never opens tcp/123.
    @Test func protocolAndPortAreNeverCrossed() throws {
        let model = try #require(ModelLoader.load(yaml: Self.yaml, file: "structured.yaml").model)
        let policy = AccessPolicy(model: model)
        let historian = try #require(IPAddress("10.30.1.50"))
        let plc = try #require(IPAddress("10.20.1.10"))
        #expect(policy.evaluate(source: historian, destination: plc, transport: .udp, port: 123).isAllowed)
        #expect(!policy.evaluate(source: historian, destination: plc, transport: .tcp, port: 123).isAllowed)
        #expect(policy.evaluate(source: plc, destination: historian, transport: .tcp, port: 44818).isAllowed, "<-> lets either side initiate")
        #expect(!policy.evaluate(source: plc, destination: historian, transport: .tcp, port: 502).isAllowed)
    }
}
