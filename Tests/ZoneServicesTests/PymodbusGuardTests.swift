import Foundation
import ModbusDPI
import Testing
import ZoneCore
import ZoneServices

/// The guard between a real pymodbus 3.16 client and a real pymodbus 3.16 server.
@Suite(.serialized) struct PymodbusGuardTests {
    static func readOnly(_ mode: ModbusMode) -> ModbusPolicy {
        ModbusPolicy(rules: [ModbusRule(
            id: "ops-read", sources: [IPPrefix("127.0.0.0/8")!], destinations: [IPPrefix("127.0.0.1")!],
            functions: [ModbusFunctionRule(code: 3, addresses: [0...99])])], mode: mode)
    }

    @Test func enforceModeReadsPassAndWritesGetIllegalFunction() async throws {
        let server = try PymodbusServer()
        let guardServer = try await GuardFixture(policy: Self.readOnly(.enforce), upstreamPort: server.port)
        let lines = try pymodbusClient(port: guardServer.port, ["read:0:5", "write:0:100", "read:0:1", "read:200:1"])
        await guardServer.stop()
        #expect(lines == ["read 0 ok 1000,1001,1002,1003,1004", "write 0 exception 1", "read 0 ok 1000",
                          "read 200 exception 2"])
        let denials = guardServer.auditLines.filter { $0.contains("\"verdict\":\"deny\"") }
        #expect(denials.count == 2)
        #expect(denials.first?.contains("\"function\":6") == true)
    }

    @Test func monitorModeLetsWritesReachTheServerAndLogsThem() async throws {
        let server = try PymodbusServer()
        let guardServer = try await GuardFixture(policy: Self.readOnly(.monitor), upstreamPort: server.port)
        let lines = try pymodbusClient(port: guardServer.port, ["write:0:100", "read:0:1"])
        await guardServer.stop()
        #expect(lines == ["write 0 ok", "read 0 ok 100"])
        let logged = guardServer.auditLines
        #expect(logged.count == 1)
        #expect(logged.first?.contains("\"verdict\":\"would-deny\"") == true)
        #expect(logged.first?.contains("\"mode\":\"monitor\"") == true)
    }

    @Test func sourceDocumentStepFiveCheckPassesThroughTheGuard() async throws {
        let result = ModelLoader.load(path: Peers.fixture("loopback-model.yaml"))
        let model = try #require(result.model)
        let policy = try ModbusPolicy(model: model, conduit: "C1-BPCS-OPS", mode: .enforce)
        let server = try PymodbusServer()
        let guardServer = try await GuardFixture(policy: policy, upstreamPort: server.port)
        let lines = try pymodbusClient(port: guardServer.port, ["step5"])
        await guardServer.stop()
        #expect(lines == ["Read test: PASS", "Write blocked: PASS"])
        // Directly against the server the same check fails: the write is permitted.
        #expect(try pymodbusClient(port: server.port, ["step5"]) == ["Read test: PASS", "Write blocked: FAIL - WRITE PERMITTED!"])
    }
}
