import BaselineStore
import FlowBaseline
import Foundation
import TestSupport
import Testbed
import Testing
import ZoneCore

/// A traffic baseline replayed on the refinery testbed: the conduit flows get through, the rest are listed as broken.
@Suite(.serialized) struct TestbedReplayTests {
    private func flow(_ client: String, _ server: String, _ transport: UInt8, _ port: UInt16, _ service: Service) throws -> FlowRecord {
        func address(_ text: String) throws -> FlowAddress {
            let value = try #require(IPAddress(text)).v4Value
            return FlowAddress(v4: value)
        }
        var record = FlowRecord(
            key: FlowKey(client: try address(client), server: try address(server), transport: transport, port: port), service: service,
            firstSeen: 1_764_000_000_000_000_000)
        record.packetsToServer = 10
        return record
    }

    @Test func baselineFlowsTheDesignBreaksAreListed() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storePath = scratch.appendingPathComponent("plant.db").path
        let store = try BaselineStore(path: storePath)
        let flows = [
            try flow("10.30.1.50", "10.20.1.10", FlowTransport.tcp, 502, .modbus),  // historian polls the PLC: conduit C1
            try flow("10.40.2.7", "172.16.1.50", FlowTransport.tcp, 443, .tls),  // enterprise reads the DMZ historian: C3
            try flow("10.40.2.7", "10.20.1.10", FlowTransport.tcp, 502, .modbus),  // enterprise straight to the PLC: broken
            try flow("10.30.1.60", "10.20.1.30", FlowTransport.tcp, 3389, .rdp),  // SIEM to the engineering workstation: broken
            try flow("10.20.1.30", "10.20.1.10", FlowTransport.tcp, 44818, .enip),  // inside Z2-BPCS
            try flow("192.0.2.9", "10.20.1.10", FlowTransport.tcp, 502, .modbus),  // a host in no zone
        ]
        #expect(try store.merge(flows: flows, macs: [:], capture: CaptureEntry(contentHash: "replay-test", name: "synthetic", bytes: 0, packets: 60)))

        let run = try TestbedRun(model: TestbedRun.refinery, letter: "p")
        defer { run.down() }
        let up = try run.up()
        #expect(up.status == 0, "up failed: \(up.error)")
        let replay = try run.zonectl("testbed", "replay", run.name, "--store", storePath, "--json")
        #expect(replay.status == 1, "\(replay.output)\(replay.error)")
        let result = try JSONDecoder().decode(ReplayResult.self, from: Data(replay.output.utf8))
        #expect(result.replayed == 4 && result.intraZone == 1 && result.unmapped.map(\.source) == ["192.0.2.9"])
        #expect(result.broken.map { "\($0.source)>\($0.destination):\($0.port)" }.sorted() == ["10.30.1.60>10.20.1.30:3389", "10.40.2.7>10.20.1.10:502"])
        #expect(try run.zonectl("testbed", "replay", run.name, "--store", scratch.appendingPathComponent("none.db").path).status == 2)
    }
}
