import Foundation
import ZoneCore

/// Linux kernel log lines written by nftables `log` statements, from syslog files, `journalctl -o short-iso`
/// exports or dmesg: `… kernel: [ 12.3] PREFIX IN=eth0 OUT=eth1 … SRC=a DST=b … PROTO=TCP SPT=1 DPT=502 …`.
enum KernelLogParser: LogLineParser {
    static func parse(_ line: ByteLine, defaultYear: Int) -> ParseOutcome {
        guard let inField = line.find(" IN="), let sourceRange = line.value(after: " SRC=", from: inField),
            line.find(" DST=", from: inField) != nil
        else { return .notMine }
        guard let destinationRange = line.value(after: " DST=", from: inField), let protoRange = line.value(after: " PROTO=", from: inField)
        else { return .malformed("kernel log line without DST or PROTO") }
        let protocolName = line.text(protoRange)
        guard let transport = Transport(logText: protocolName) else { return .skipped("kernel PROTO=\(protocolName)") }
        guard let source = line.address(sourceRange), let destination = line.address(destinationRange) else {
            return .malformed("kernel log line with a bad SRC or DST address")
        }
        guard let portRange = line.value(after: " DPT=", from: protoRange.upperBound), let port = line.port(portRange) else {
            return .malformed("kernel log line without DPT")
        }
        let sourcePort = line.value(after: " SPT=", from: protoRange.upperBound).flatMap(line.port)
        let time = Timestamp.leading(line, defaultYear: defaultYear)?.0
        return .record(
            LogRecord(
                device: .nftables, messageID: "kernel", time: time, transport: transport, source: source, sourcePort: sourcePort,
                destination: destination, destinationPort: port, action: action(line, before: inField), tag: prefix(line, before: inField)))
    }

    /// The nftables log prefix sits between the kernel's `[seconds]` stamp and ` IN=`.
    private static func prefix(_ line: ByteLine, before end: Int) -> String? {
        var start = 0
        if let bracket = line.find("] "), bracket < end { start = bracket + 2 } else if let kernel = line.find("kernel: "), kernel < end {
            start = kernel + 8
        }
        let text = line.text(start..<end).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// zonectl's monitor-mode prefixes say the packet went through; everything else logged by a drop rule was dropped.
    private static func action(_ line: ByteLine, before end: Int) -> LogAction {
        guard let monitor = line.find("monitor"), monitor < end else { return .denied }
        return .permitted
    }
}
