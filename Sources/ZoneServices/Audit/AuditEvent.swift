import Foundation
import ModbusDPI

/// One audit line: a guard verdict with the connection it belongs to.
public struct AuditEvent: Codable, Hashable, Sendable {
    public var time: String
    public var conduit: String
    public var event: ModbusAuditRecord.Event
    public var rule: String
    public var source: String
    public var destination: String
    public var unit: UInt8?
    public var function: UInt8?
    public var functionName: String?
    public var subfunction: UInt16?
    public var meiType: UInt8?
    public var addresses: [String]
    public var verdict: ModbusAuditRecord.Verdict
    public var mode: ModbusMode
    public var cause: String?
    public var action: String?
    public var transaction: UInt16?
    public var detail: String?

    enum CodingKeys: String, CodingKey {
        case time, conduit, event, rule, source, destination, unit, function, subfunction, addresses, verdict, mode
        case cause, action, transaction, detail
        case functionName = "function_name"
        case meiType = "mei_type"
    }

    public init(record: ModbusAuditRecord, conduit: String, source: String, destination: String, time: Date = Date()) {
        self.time = AuditEvent.timestamp(time)
        self.conduit = conduit
        event = record.event
        rule = record.ruleID
        self.source = source
        self.destination = destination
        unit = record.unitID
        function = record.functionCode
        functionName = record.functionCode.map(ModbusFunction.name)
        subfunction = record.subfunction
        meiType = record.meiType
        addresses = record.spans.map(\.description)
        verdict = record.verdict
        mode = record.mode
        cause = record.cause
        action = record.action
        transaction = record.transactionID
        detail = record.detail
    }

    /// RFC 3339 with microseconds in UTC, as RFC 5424 wants it.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        let micros = Int((seconds - Double(whole)) * 1_000_000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }

    /// The JSON line written to stdout: keys sorted, no spaces.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A one-line summary for the syslog message part.
    public var summary: String {
        let what = function.map { "FC \($0)" } ?? event.rawValue
        return "\(verdict.rawValue) \(what) unit \(unit.map(String.init) ?? "-") \(source) -> \(destination) rule \(rule)"
    }
}
