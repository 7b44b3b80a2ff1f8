import Testing
@testable import ZoneCore

@Suite struct ReachabilityTests {
    let model = ModelLoader.load(path: TestEnvironment.example).model!

    @Test func enterpriseCannotReachControlBecauseTheDMZTerminates() {
        let graph = ReachabilityGraph(model: model)
        #expect(graph.paths(from: "Z5-ENT", to: "Z2-BPCS").isEmpty)
        #expect(graph.reachable(from: "Z5-ENT") == ["Z4-DMZ"])
        #expect(graph.reachable(from: "Z1-SIS").isEmpty)
        #expect(!graph.closure().values.contains { $0.contains("Z1-SIS") })
    }

    @Test func assumingCompromiseShowsTheAttackPathWithServicesPerHop() throws {
        let graph = ReachabilityGraph(model: model, assumeCompromise: true)
        let paths = graph.paths(from: "Z5-ENT", to: "Z2-BPCS")
        #expect(paths.count == 1)
        let path = try #require(paths.first)
        #expect(path.map(\.to) == ["Z4-DMZ", "Z3-OPS", "Z2-BPCS"])
        #expect(path[0].services == ["HTTPS tcp/443", "RDP tcp/3389"])
        #expect(path[2].conduits == ["C1-BPCS-OPS"])
    }

    @Test func directionMatters() {
        let graph = ReachabilityGraph(model: model)
        #expect(graph.reachable(from: "Z3-OPS") == ["Z2-BPCS", "Z4-DMZ"])
        #expect(graph.reachable(from: "Z4-DMZ") == ["Z3-OPS", "Z2-BPCS"])
        #expect(graph.paths(from: "Z4-DMZ", to: "Z2-BPCS").map { $0.map(\.to) } == [["Z3-OPS", "Z2-BPCS"]])
    }
}

@Suite struct AccessPolicyTests {
    let model = ModelLoader.load(path: TestEnvironment.example).model!
    var policy: AccessPolicy { AccessPolicy(model: model) }

    @Test func conduitChannelsAreAllowedInTheirDirectionOnly() throws {
        let historian = try #require(IPAddress("10.30.1.50"))
        let plc = try #require(IPAddress("10.20.1.10"))
        guard case .allowed(let rule) = policy.evaluate(source: historian, destination: plc, transport: .tcp, port: 502) else {
            Issue.record("historian to PLC Modbus must be allowed")
            return
        }
        #expect(rule.conduitID == "C1-BPCS-OPS" && rule.functionCodes == [3, 4])
        #expect(policy.evaluate(source: plc, destination: historian, transport: .tcp, port: 502) == .notAllowed(from: "Z2-BPCS", to: "Z3-OPS", conduits: ["C1-BPCS-OPS"]))
        #expect(!policy.evaluate(source: historian, destination: plc, transport: .udp, port: 502).isAllowed)
        let otherOpsHost = try #require(IPAddress("10.30.9.9"))
        #expect(!policy.evaluate(source: otherOpsHost, destination: plc, transport: .tcp, port: 502).isAllowed)
    }

    @Test func zonesWithoutConduitAreDenied() throws {
        let enterprise = try #require(IPAddress("10.40.5.5"))
        let plc = try #require(IPAddress("10.20.1.10"))
        #expect(policy.evaluate(source: enterprise, destination: plc, transport: .tcp, port: 502) == .noConduit(from: "Z5-ENT", to: "Z2-BPCS"))
        #expect(policy.evaluate(source: plc, destination: plc, transport: .tcp, port: 502) == .intraZone("Z2-BPCS"))
        let outside = try #require(IPAddress("192.0.2.1"))
        #expect(policy.evaluate(source: outside, destination: plc, transport: .tcp, port: 502) == .outsideModel(source: nil, destination: "Z2-BPCS"))
    }

    @Test func ruleCountsFollowTheSeedsFirewall() throws {
        let c1 = try #require(model.conduit("C1-BPCS-OPS"))
        #expect(policy.ruleCounts(of: c1) == (allow: 2, deny: 2))
        #expect(policy.findings.isEmpty)
    }
}

@Suite struct AddressTests {
    @Test func parsesAndPrintsAddresses() throws {
        #expect(IPAddress("10.20.1.1")?.description == "10.20.1.1")
        #expect(IPAddress("fd00:0:0:20::1")?.description == "fd00:0:0:20::1")
        #expect(IPAddress("fd00::20:0:0:1")?.description == "fd00::20:0:0:1")
        #expect(IPAddress("::ffff:198.18.0.1")?.description == "::ffff:c612:1")
        for bad in ["10.20.1", "10.20.1.256", "01.2.3.4", "1::2::3", "12345::", "fd00::g", ""] { #expect(IPAddress(bad) == nil, "\(bad)") }
        let network = try #require(IPNetwork("10.20.0.0/16"))
        #expect(network.netmask == "255.255.0.0" && network.wildcardMask == "0.0.255.255")
        #expect(network.contains(try #require(IPAddress("10.20.255.1"))))
        #expect(IPNetwork("10.20.1.0/16") == nil && IPNetwork("10.20.1.0/16", allowHostBits: true) != nil)
        #expect(try #require(IPNetwork("fd00:20::/64")).overlaps(try #require(IPNetwork("fd00:20::1"))))
    }
}
