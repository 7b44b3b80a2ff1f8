import Testing
@testable import FlowBaseline

/// Roles from behaviour: what a host serves and what it asks for.
@Suite struct RoleInferenceTests {
    private func flow(_ client: UInt32, _ server: UInt32, _ service: Service, port: UInt16, operations: OperationClass = []) -> FlowRecord {
        var record = FlowRecord(
            key: FlowKey(client: FlowAddress(v4: client), server: FlowAddress(v4: server), transport: FlowTransport.tcp, port: port),
            service: service, firstSeen: 0)
        record.operations = operations
        return record
    }

    @Test func readOnlyPollerThatReplicatesToPIIsAHistorian() {
        let historian: UInt32 = 0x0A1E_0132
        let polls = [flow(historian, 0x0A14_010A, .modbus, port: 502, operations: .read), flow(historian, 0x0A14_010B, .modbus, port: 502, operations: .read)]
        let replication = [flow(0xAC10_0132, historian, .unknown, port: 5450)]
        let result = RoleInference.infer(asClient: polls, asServer: replication)
        #expect(result.role == .historian && result.confidence >= 0.8)
        #expect(result.evidence.contains("serves PI (tcp/5450) to 1 client"))
        #expect(result.role.purdueTenths == 30)
    }

    @Test func readOnlyPollerServingWebIsAHistorianButAWritingOneIsAnHMI() {
        let host: UInt32 = 0x0A1E_0132
        let web = [flow(0x0A28_0105, host, .tls, port: 443)]
        #expect(RoleInference.infer(asClient: [flow(host, 0x0A14_010A, .modbus, port: 502, operations: .read)], asServer: web).role == .historian)
        #expect(RoleInference.infer(asClient: [flow(host, 0x0A14_010A, .modbus, port: 502, operations: [.read, .write])], asServer: web).role == .hmi)
        #expect(RoleInference.infer(asClient: [flow(host, 0x0A14_010A, .modbus, port: 502, operations: .read)], asServer: []).role == .hmi)
    }
}
