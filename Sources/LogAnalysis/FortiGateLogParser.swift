import Foundation
import ZoneCore

/// FortiGate traffic logs (key=value): `date=2026-11-26 time=10:00:00 … type="traffic" … srcip=a srcport=1 …
/// dstip=b dstport=502 … proto=6 action="deny" …`.
enum FortiGateLogParser: LogLineParser {
    static func parse(_ line: ByteLine, defaultYear: Int) -> ParseOutcome {
        guard line.find("logid=") != nil || line.find("type=\"traffic\"") != nil || line.find("type=traffic") != nil else {
            return .notMine
        }
        guard line.find("type=\"traffic\"") != nil || line.find("type=traffic") != nil else {
            let id = line.value(after: "logid=").map { line.text($0).replacingOccurrences(of: "\"", with: "") } ?? "?"
            return .skipped("fortigate logid \(id)")
        }
        guard let sourceRange = field(line, "srcip="), let destinationRange = field(line, "dstip="),
            let protoRange = field(line, "proto="), let portRange = field(line, "dstport=")
        else { return .malformed("FortiGate traffic log without srcip, dstip, proto or dstport") }
        guard let source = line.address(sourceRange), let destination = line.address(destinationRange) else {
            return .malformed("FortiGate traffic log with a bad address")
        }
        let protocolNumber = line.text(protoRange)
        guard let transport = Transport(logText: protocolNumber) else { return .skipped("fortigate proto=\(protocolNumber)") }
        guard let port = line.port(portRange) else { return .malformed("FortiGate traffic log with a bad dstport") }
        let actionText = field(line, "action=").map(line.text) ?? ""
        let action: LogAction = ["deny", "block", "blocked", "dropped"].contains(actionText) ? .denied : .permitted
        var time: Int64?
        if let date = field(line, "date="), let clock = field(line, "time=") { time = Timestamp.dateAndTime(line, date: date, time: clock) }
        let policy = field(line, "policyname=").map(line.text) ?? field(line, "policyid=").map { "policy " + line.text($0) }
        return .record(
            LogRecord(
                device: .fortigate, messageID: field(line, "logid=").map(line.text) ?? "traffic", time: time, transport: transport,
                source: source, sourcePort: field(line, "srcport=").flatMap(line.port), destination: destination,
                destinationPort: port, action: action, tag: policy))
    }

    /// The value of ` key=` or `key=` at the start, without surrounding quotes.
    private static func field(_ line: ByteLine, _ key: StaticString) -> Range<Int>? {
        var from = 0
        while let start = line.find(key, from: from) {
            if start == 0 || line.bytes[start - 1] == 0x20 {
                var valueStart = start + key.utf8CodeUnitCount
                if valueStart < line.count && line.bytes[valueStart] == 0x22 {
                    valueStart += 1
                    return valueStart..<line.tokenEnd(from: valueStart, stops: { $0 == 0x22 })
                }
                return valueStart..<line.tokenEnd(from: valueStart)
            }
            from = start + 1
        }
        return nil
    }
}
