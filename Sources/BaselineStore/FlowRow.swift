import FlowBaseline
import GRDB

/// How a ``FlowRecord`` is laid out in the `flows` table: lists as comma-separated text, times in nanoseconds.
struct FlowRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "flows"

    var client: String
    var server: String
    var transport: Int
    var port: Int
    var service: String
    var confirmed: Bool
    var packetsToServer: Int64
    var packetsToClient: Int64
    var bytesToServer: Int64
    var bytesToClient: Int64
    var firstSeen: Int64
    var lastSeen: Int64
    var vlans: String
    var operations: Int
    /// `code:count` pairs.
    var functionCodes: String
    var requestCodes: String
    var unitIDs: String
    var exceptions: Int64
    var details: String

    init(_ flow: FlowRecord) {
        client = flow.key.client.description
        server = flow.key.server.description
        transport = Int(flow.key.transport)
        port = Int(flow.key.port)
        service = flow.service.id
        confirmed = flow.serviceConfirmed
        packetsToServer = Int64(flow.packetsToServer)
        packetsToClient = Int64(flow.packetsToClient)
        bytesToServer = Int64(flow.bytesToServer)
        bytesToClient = Int64(flow.bytesToClient)
        firstSeen = flow.firstSeen
        lastSeen = flow.lastSeen
        vlans = flow.vlans.texts.joined(separator: ",")
        operations = Int(flow.operations.rawValue)
        functionCodes = flow.functionCodes.map { "\($0.code):\($0.count)" }.joined(separator: ",")
        requestCodes = flow.requestCodes.members.map(String.init).joined(separator: ",")
        unitIDs = flow.unitIDs.members.map(String.init).joined(separator: ",")
        exceptions = Int64(flow.exceptions)
        details = flow.details.joined(separator: "\n")
    }

    var record: FlowRecord? {
        guard let clientAddress = FlowAddress(client), let serverAddress = FlowAddress(server),
            let transportNumber = UInt8(exactly: transport), let portNumber = UInt16(exactly: port)
        else { return nil }
        var flow = FlowRecord(
            key: FlowKey(client: clientAddress, server: serverAddress, transport: transportNumber, port: portNumber),
            service: Service(id: service) ?? .unknown, firstSeen: firstSeen)
        flow.serviceConfirmed = confirmed
        flow.lastSeen = lastSeen
        flow.packetsToServer = UInt64(packetsToServer)
        flow.packetsToClient = UInt64(packetsToClient)
        flow.bytesToServer = UInt64(bytesToServer)
        flow.bytesToClient = UInt64(bytesToClient)
        flow.vlans = VLANSet(tags: vlans.split(separator: ",").compactMap { VLANSet.parse(String($0)) })
        flow.operations = OperationClass(rawValue: UInt8(truncatingIfNeeded: operations))
        let pairs = functionCodes.split(separator: ",").compactMap { pair -> (Int, UInt64)? in
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let code = Int(parts[0]), (0...255).contains(code), let count = UInt64(parts[1]) else { return nil }
            return (code, count)
        }
        if !pairs.isEmpty {
            flow.functionCodeCounts = Array(repeating: 0, count: 256)
            for (code, count) in pairs { flow.functionCodeCounts[code] = count }
        }
        flow.requestCodes = CodeSet(requestCodes.split(separator: ",").compactMap { UInt8($0) })
        flow.unitIDs = CodeSet(unitIDs.split(separator: ",").compactMap { UInt8($0) })
        flow.exceptions = UInt64(exceptions)
        flow.details = details.split(separator: "\n").map(String.init)
        return flow
    }
}
