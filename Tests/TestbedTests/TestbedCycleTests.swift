import Foundation
import TestSupport
import Testbed
import Testing
import ZoneCore

/// up → verify → down on real namespaces, with negative controls that must make verify fail on the exact path.
@Suite(.serialized) struct TestbedCycleTests {
    @Test func refineryPassesVerifyAndNegativeControlsFailIt() throws {
        let run = try TestbedRun(model: TestbedRun.refinery, letter: "r")
        defer { run.down() }
        let up = try run.up()
        #expect(up.status == 0, "up failed: \(up.error)")
        #expect(up.output.contains("Z2-BPCS: 10.20.0.0/16 -> 198.18."))
        let state = try run.state()
        let pids = state.processes.map(\.pid)

        let (clean, results) = try run.verify()
        let failed = results.probes.filter { !$0.passed }
        #expect(clean.status == 0, "verify failed:\n\(clean.output)")
        #expect(failed.isEmpty)
        #expect(clean.output.contains("VALIDATION RESULTS:"))
        for category in ValidationResults.Category.allCases {
            #expect(!results.probes(category).isEmpty, "no \(category) probes")
        }
        #expect(results.probes(.protocolEnforcement).contains { $0.name == "Modbus write FC 6" && $0.observed == "refused" })
        #expect(Set(results.probes(.diode).map(\.name)).isSuperset(of: ["forward_flow", "reverse_flow_blocked", "replication_latency"]))

        let mapped = try mappedModel(state)
        let plan = try TestbedPlan(model: mapped, name: run.name)

        // --from-zone on a network whose addresses are the model's own: the mapped model from inside a zone.
        let operations = try #require(plan.zone("Z3-OPS"))
        let fromZone = try run.exec(operations.namespace, [run.zonectl, "verify", state.mappedModel, "--from-zone", "Z3-OPS"])
        #expect(fromZone.status == 0, "\(fromZone.output)\(fromZone.error)")
        #expect(fromZone.output.contains("function code filtering verified (2 checks)"))

        // A wrong rule in the firewall: the enterprise zone may reach the PLC on 502.
        let enterprise = try #require(plan.zone("Z5-ENT"))
        let plc = try #require(mapped.asset(named: "PLC-01")?.asset.addresses.first)
        let wrong = "ip saddr \(enterprise.subnets[0]) ip daddr \(plc) tcp dport 502 accept comment \"wrong\""
        let nft = try Peers.tool("nft")
        #expect(try run.exec(plan.firewall, [nft, "insert rule inet zonectl forward " + wrong]).status == 0)
        let (opened, openedResults) = try run.verify()
        #expect(opened.status == 1)
        let exceptions = openedResults.probes.filter { !$0.passed }
        #expect(!exceptions.isEmpty)
        #expect(exceptions.allSatisfy { $0.fromZone == "Z5-ENT" && $0.toZone == "Z2-BPCS" && $0.name == "tcp/502" && $0.target == "\(plc):502" },
            "\(exceptions.map { "\($0.fromZone ?? "") -> \($0.toZone ?? "") \($0.name) \($0.target ?? "")" })")
        #expect(opened.output.contains("Z5-ENT -> Z2-BPCS tcp/502 (\(plc):502)"))
        let listing = try run.exec(plan.firewall, [nft, "-a", "list", "chain", "inet", "zonectl", "forward"]).output
        let handle = try #require(listing.split(separator: "\n").first { $0.contains("comment \"wrong\"") }?.split(separator: " ").last)
        #expect(try run.exec(plan.firewall, [nft, "delete", "rule", "inet", "zonectl", "forward", "handle", String(handle)]).status == 0)

        // The diode's reverse drop removed: the reverse flow reaches the transmit side.
        let diode = try #require(plan.diodes.first)
        let transmitter = try #require(plan.zone(diode.txZone))
        #expect(try run.exec(transmitter.namespace, [nft, "delete", "table", "netdev", "zonectl_diode_\(diode.interface)"]).status == 0)
        let (reversed, reversedResults) = try run.verify()
        #expect(reversed.status == 1)
        #expect(reversedResults.probes.contains { $0.name == "reverse_flow_blocked" && $0.status == "CRITICAL_FAIL" })

        // The guard stopped: the Modbus write is no longer refused by it.
        let guardProcess = try #require(state.processes.first { $0.role.hasPrefix("guard") })
        kill(guardProcess.pid, SIGKILL)
        let (unguarded, unguardedResults) = try run.verify()
        #expect(unguarded.status == 1)
        #expect(unguardedResults.probes.contains { $0.name == "Modbus write FC 6" && !$0.passed })

        let down = try run.zonectl("testbed", "down", run.name)
        #expect(down.status == 0)
        #expect(try run.leftovers(pids).isEmpty)
    }

    @Test func eightZoneDualStackModelPassesTheSameCycle() throws {
        let run = try TestbedRun(model: TestbedRun.fixture("water-plant-8.yaml"), letter: "w")
        defer { run.down() }
        let up = try run.up()
        #expect(up.status == 0, "up failed: \(up.error)")
        #expect(up.output.contains("2001:db8:62::/64 -> fd00:0:"))
        let pids = try run.state().processes.map(\.pid)
        let (verify, results) = try run.verify()
        #expect(verify.status == 0, "verify failed:\n\(verify.output)")
        #expect(results.probes.allSatisfy { $0.passed })
        #expect(results.probes.contains { $0.target?.hasPrefix("[fd00:") == true && $0.category == .crossZone })
        // FC 6 is allowed on the SCADA channel and refused on the historian's read-only one.
        #expect(results.probes.contains { $0.fromZone == "W4-SCADA" && $0.name == "Modbus write FC 6" && $0.observed == "reached" })
        #expect(results.probes.contains { $0.fromZone == "W5-OPS" && $0.name == "Modbus write FC 6" && $0.observed == "refused" })
        #expect(try run.zonectl("testbed", "down", run.name).status == 0)
        #expect(try run.leftovers(pids).isEmpty)
    }

    private func mappedModel(_ state: TestbedState) throws -> ZoneModel {
        let loaded = ModelLoader.load(path: state.mappedModel)
        return try #require(loaded.model)
    }
}
