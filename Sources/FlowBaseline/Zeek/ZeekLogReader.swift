import Foundation

public struct ZeekLogError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads Zeek `conn.log` and `modbus.log`, as TSV (with `#fields` header) or JSON lines, into flows.
/// conn.log rows give packets, bytes and times; modbus.log rows add function codes to the matching flow.
public enum ZeekLogReader {
    public static func looksLikeZeekLog(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 256), as: UTF8.self)
        return head.hasPrefix("#separator") || head.hasPrefix("{\"ts\"") || head.hasPrefix("{\"_path\"")
    }

    /// Parses one log and merges its rows into `aggregator`; returns the number of rows read.
    @discardableResult
    public static func read(_ text: String, into aggregator: TrafficAggregator) throws -> Int {
        var fields: [String] = []
        var path = ""
        var rows = 0
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: "\t").map(String.init)
                if parts.first == "#fields" { fields = Array(parts.dropFirst()) }
                if parts.first == "#path", parts.count > 1 { path = parts[1] }
                continue
            }
            var row: [String: String] = [:]
            if line.hasPrefix("{") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw ZeekLogError(line: lineNumber, message: "not a JSON object")
                }
                for (key, value) in object { row[key] = "\(value)" }
            } else {
                guard !fields.isEmpty else { throw ZeekLogError(line: lineNumber, message: "data before the #fields header") }
                let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard values.count == fields.count else {
                    throw ZeekLogError(line: lineNumber, message: "\(values.count) values for \(fields.count) fields")
                }
                row = Dictionary(uniqueKeysWithValues: zip(fields, values))
            }
            guard let record = try flow(row, path: path, line: lineNumber) else { continue }
            aggregator.merge(record)
            rows += 1
        }
        return rows
    }

    static func flow(_ row: [String: String], path: String, line: Int) throws -> FlowRecord? {
        guard let client = row["id.orig_h"].flatMap(FlowAddress.init), let server = row["id.resp_h"].flatMap(FlowAddress.init),
            let port = row["id.resp_p"].flatMap({ UInt16($0) })
        else { throw ZeekLogError(line: line, message: "missing or bad id.orig_h/id.resp_h/id.resp_p") }
        let time = Int64(((Double(row["ts"] ?? "") ?? 0) * 1e9).rounded())
        let isModbus = path == "modbus" || row["func"] != nil
        let transport = isModbus ? FlowTransport.tcp : FlowTransport.number(row["proto"] ?? "") ?? FlowTransport.tcp
        let key = FlowKey(client: client, server: server, transport: transport, port: port)
        var record = FlowRecord(key: key, service: Service.guess(transport: transport, port: port), firstSeen: time)
        if isModbus {
            record.service = .modbus
            record.serviceConfirmed = true
            guard let name = row["func"], let code = modbusCodes[name.replacingOccurrences(of: "_EXCEPTION", with: "")] else { return record }
            var observation = FlowObservation()
            observation.functionCodes = [code]
            let isResponse = row["pdu_type"] == "RESP" || name.hasSuffix("_EXCEPTION")
            if name.hasSuffix("_EXCEPTION") || (row["exception"].map { $0 != "-" && !$0.isEmpty } ?? false) {
                observation.exceptions = 1
                observation.operations = .exception
            } else if !isResponse {
                observation.requestCodes = [code]
                observation.operations = ModbusParser.operation(forRequest: code)
            }
            if let unit = row["unit"].flatMap({ UInt8($0) }) { observation.unitIDs = [unit] }
            record.apply(observation)
            return record
        }
        if let service = row["service"].flatMap({ zeekServices[$0.split(separator: ",").first.map(String.init) ?? ""] }) {
            record.service = service
            record.serviceConfirmed = true
        }
        record.packetsToServer = UInt64(row["orig_pkts"] ?? "") ?? 0
        record.packetsToClient = UInt64(row["resp_pkts"] ?? "") ?? 0
        record.bytesToServer = UInt64(row["orig_ip_bytes"] ?? "") ?? 0
        record.bytesToClient = UInt64(row["resp_ip_bytes"] ?? "") ?? 0
        record.lastSeen = time + Int64(((Double(row["duration"] ?? "") ?? 0) * 1e9).rounded())
        if let vlan = row["vlan"].flatMap({ UInt16($0) }) {
            record.vlans.insert(outer: vlan, inner: row["inner_vlan"].flatMap { UInt16($0) } ?? 0)
        }
        return record
    }

    static let zeekServices: [String: Service] = [
        "modbus": .modbus, "dnp3": .dnp3, "dnp3_tcp": .dnp3, "dnp3_udp": .dnp3, "dns": .dns, "http": .http, "ssl": .tls,
        "ssh": .ssh, "smb": .smb, "ntp": .ntp, "syslog": .syslog, "rdp": .rdp, "enip": .enip, "cip": .enip,
        "s7comm": .s7comm, "bacnet": .bacnet, "iec104": .iec104,
    ]

    /// Zeek's Modbus function names (`Modbus::function_codes`).
    static let modbusCodes: [String: UInt8] = [
        "READ_COILS": 1, "READ_DISCRETE_INPUTS": 2, "READ_HOLDING_REGISTERS": 3, "READ_INPUT_REGISTERS": 4,
        "WRITE_SINGLE_COIL": 5, "WRITE_SINGLE_REGISTER": 6, "READ_EXCEPTION_STATUS": 7, "DIAGNOSTICS": 8,
        "GET_COMM_EVENT_COUNTER": 11, "GET_COMM_EVENT_LOG": 12, "WRITE_MULTIPLE_COILS": 15, "WRITE_MULTIPLE_REGISTERS": 16,
        "REPORT_SLAVE_ID": 17, "READ_FILE_RECORD": 20, "WRITE_FILE_RECORD": 21, "MASK_WRITE_REGISTER": 22,
        "READ_WRITE_MULTIPLE_REGISTERS": 23, "READ_FIFO_QUEUE": 24, "ENCAP_INTERFACE_TRANSPORT": 43, "PROGRAM_CONCEPT": 40,
        "PROGRAM_484": 9, "POLL_484": 10, "PROGRAM_584_984": 13, "POLL_584_984": 14, "PROGRAM_884_U84": 41,
        "RESET_COMM_LINK_884_U84": 42, "PROGRAM_584_984_2": 125, "READ_PROGRAM_STATUS_LIST": 126, "UNITY": 90,
    ]
}
