/// Infers an asset's role from what it serves and what it asks for, with the evidence in words
/// ("serves Modbus/TCP to 3 clients; answered FC 3/16").
public enum RoleInference {
    /// OSIsoft PI's data archive port.
    static let piPort: UInt16 = 5450

    public struct Result: Sendable, Equatable {
        public var role: InferredRole
        public var confidence: Double
        public var evidence: [String]
    }

    public static func infer(asClient: [FlowRecord], asServer: [FlowRecord]) -> Result {
        var evidence: [String] = []
        let served = Dictionary(grouping: asServer.filter { $0.service != .unknown }, by: \.service)
        for service in served.keys.sorted() {
            let flows = served[service]!
            let clients = Set(flows.map(\.key.client)).count
            var line = "serves \(service.displayName) to \(clients) client\(clients == 1 ? "" : "s")"
            let codes = Set(flows.flatMap { $0.requestCodes.members })
            if !codes.isEmpty { line += "; answered FC " + codes.sorted().map(String.init).joined(separator: "/") }
            evidence.append(line)
        }
        let used = Dictionary(grouping: asClient.filter { $0.service != .unknown }, by: \.service)
        for service in used.keys.sorted() {
            let flows = used[service]!
            let servers = Set(flows.map(\.key.server)).count
            let operations = flows.reduce(OperationClass()) { $0.union($1.operations) }.subtracting(.exception)
            var line = "uses \(service.displayName) on \(servers) server\(servers == 1 ? "" : "s")"
            if !operations.isEmpty { line += " (" + operations.names.joined(separator: ", ") + ")" }
            evidence.append(line)
        }
        // PI replication (tcp/5450) has no payload signature of its own; its port is the evidence.
        let piClients = Set(asServer.filter { $0.key.port == piPort && $0.key.transport == FlowTransport.tcp }.map(\.key.client)).count
        if piClients > 0 { evidence.append("serves PI (tcp/\(piPort)) to \(piClients) client\(piClients == 1 ? "" : "s")") }
        let industrialServed = served.keys.filter(\.isIndustrial)
        let controllerServed = served.keys.filter(\.isControllerProtocol)
        let industrialClientFlows = asClient.filter { $0.service.isIndustrial }
        let clientOperations = industrialClientFlows.reduce(OperationClass()) { $0.union($1.operations) }
        let industrialServers = Set(industrialClientFlows.map(\.key.server)).count

        if clientOperations.contains(.program) || clientOperations.contains(.control) {
            return Result(role: .engineeringWorkstation, confidence: 0.8, evidence: evidence)
        }
        if served.keys.contains(.opcua) {
            return Result(role: .opcServer, confidence: 0.8, evidence: evidence)
        }
        if !controllerServed.isEmpty && industrialClientFlows.isEmpty {
            let role: InferredRole =
                controllerServed.contains(.dnp3) || controllerServed.contains(.iec104) ? .rtu
                : controllerServed.contains(.mms) || controllerServed.contains(.goose) ? .ied : .plc
            let clients = Set(asServer.filter { $0.service.isControllerProtocol }.map(\.key.client)).count
            return Result(role: role, confidence: min(0.95, 0.6 + 0.1 * Double(clients)), evidence: evidence)
        }
        // A historian reads process data without writing, and hands it on: PI replication, web, file shares.
        let handsDataOn = piClients > 0 || served.keys.contains { !$0.isIndustrial && $0 != .dns && $0 != .ntp && $0 != .syslog }
        if !industrialClientFlows.isEmpty && !clientOperations.contains(.write) && handsDataOn {
            return Result(role: .historian, confidence: piClients > 0 ? 0.8 : 0.6, evidence: evidence)
        }
        if piClients > 0 && industrialServed.isEmpty {
            return Result(role: .historian, confidence: 0.6, evidence: evidence)
        }
        if !industrialClientFlows.isEmpty {
            if clientOperations.contains(.write) {
                return Result(role: .hmi, confidence: 0.7, evidence: evidence)
            }
            if industrialServers >= 3 {
                return Result(role: .scadaServer, confidence: 0.6, evidence: evidence)
            }
            return Result(role: .hmi, confidence: 0.5, evidence: evidence)
        }
        if !industrialServed.isEmpty {
            return Result(role: .plc, confidence: 0.4, evidence: evidence)
        }
        if !served.isEmpty {
            return Result(role: .server, confidence: 0.4, evidence: evidence)
        }
        if !asClient.isEmpty {
            return Result(role: .enterpriseHost, confidence: 0.3, evidence: evidence.isEmpty ? ["only IT traffic"] : evidence)
        }
        return Result(role: .other, confidence: 0.1, evidence: evidence)
    }
}
