import Foundation
import ZoneCore

/// Cisco ASA (and ISA-3000) syslog messages that describe flows:
/// 106023 (ACL deny), 106100 (ACL permit/deny with log), 302013/302015 (built TCP/UDP connection),
/// 302014/302016 (teardown), 106001, 106006 and 106007 (denied inbound).
enum ASALogParser: LogLineParser {
    static func parse(_ line: ByteLine, defaultYear: Int) -> ParseOutcome {
        guard let marker = line.find("%ASA-") ?? line.find("%FTD-") else { return .notMine }
        // %ASA-6-302013: severity digit, dash, six-digit message id, colon.
        let idStart = marker + 7
        guard idStart + 7 <= line.count, line.bytes[idStart + 6] == 0x3A, let id = line.unsigned(idStart..<idStart + 6) else {
            return .malformed("ASA message without a message id")
        }
        let body = idStart + 8
        let time = Timestamp.leading(line, defaultYear: defaultYear)?.0 ?? asaTimestamp(line, before: marker, defaultYear: defaultYear)
        let outcome: ParseOutcome
        switch id {
        case 106023: outcome = accessGroupDeny(line, from: body)
        case 106100: outcome = accessListHit(line, from: body)
        case 302013, 302015: outcome = built(line, from: body)
        case 302014, 302016: return .skipped("ASA \(id) teardown (counted at its Built message)")
        case 106001, 106006, 106007: outcome = inboundDeny(line, from: body)
        default: return .skipped("ASA \(id)")
        }
        guard case .record(var record) = outcome else { return outcome }
        record.messageID = "%ASA-\(id)"
        record.time = time
        return .record(record)
    }

    /// A timestamp written by the ASA itself before the message (`logging timestamp`), after a syslog header.
    private static func asaTimestamp(_ line: ByteLine, before marker: Int, defaultYear: Int) -> Int64? {
        var index = 0
        while index < marker {
            if let parsed = Timestamp.bsd(line, at: index, defaultYear: defaultYear) ?? Timestamp.iso8601(line, at: index) {
                return parsed.0
            }
            index = line.tokenEnd(from: index) + 1
        }
        return nil
    }

    /// `Deny tcp src outside:10.1.1.1/1234 dst inside:10.2.2.2/80 by access-group "X"`
    private static func accessGroupDeny(_ line: ByteLine, from body: Int) -> ParseOutcome {
        guard let deny = line.find("Deny ", from: body) else { return .malformed("106023 without Deny") }
        let protoEnd = line.tokenEnd(from: deny + 5)
        guard let transport = Transport(logText: line.text(deny + 5..<protoEnd)) else {
            return .skipped("ASA 106023 \(line.text(deny + 5..<protoEnd))")
        }
        guard let src = line.value(after: " src ", from: protoEnd), let dst = line.value(after: " dst ", from: src.upperBound),
            let source = endpoint(line, src, interface: true), let destination = endpoint(line, dst, interface: true),
            let port = destination.port
        else { return .malformed("106023 with unreadable src or dst") }
        let group = line.find("access-group \"").map { start in line.text(start + 14..<line.tokenEnd(from: start + 14, stops: { $0 == 0x22 })) }
        return record(transport, source, destination.address, port, .denied, tag: group)
    }

    /// `access-list NAME permitted tcp inside/10.1.1.1(1234) -> outside/10.2.2.2(80) hit-cnt 1 first hit`
    private static func accessListHit(_ line: ByteLine, from body: Int) -> ParseOutcome {
        guard let list = line.value(after: "access-list ", from: body) else { return .malformed("106100 without access-list") }
        let verdictStart = list.upperBound + 1
        let verdictEnd = line.tokenEnd(from: verdictStart)
        let verdict = line.text(verdictStart..<verdictEnd)
        let protoEnd = line.tokenEnd(from: verdictEnd + 1)
        guard let transport = Transport(logText: line.text(verdictEnd + 1..<protoEnd)) else {
            return .skipped("ASA 106100 \(line.text(verdictEnd + 1..<protoEnd))")
        }
        guard let arrow = line.find(" -> ", from: protoEnd) else { return .malformed("106100 without ->") }
        let sourceRange = protoEnd + 1..<arrow
        let destinationRange = arrow + 4..<line.tokenEnd(from: arrow + 4)
        guard let source = parenthesizedEndpoint(line, sourceRange), let destination = parenthesizedEndpoint(line, destinationRange),
            let port = destination.port
        else { return .malformed("106100 with unreadable endpoints") }
        return record(transport, source, destination.address, port, verdict == "denied" ? .denied : .permitted, tag: line.text(list))
    }

    /// `Built inbound TCP connection 1 for outside:10.1.1.1/1234 (10.1.1.1/1234) to inside:10.2.2.2/80 (10.2.2.2/80)`.
    /// Inbound: the `for` side initiated; outbound: the `to` side did.
    private static func built(_ line: ByteLine, from body: Int) -> ParseOutcome {
        guard let builtAt = line.find("Built ", from: body) else { return .malformed("302013 without Built") }
        let inbound = line.hasPrefix("inbound", at: builtAt + 6)
        let transportStart = line.tokenEnd(from: builtAt + 6) + 1
        guard let transport = Transport(logText: line.text(transportStart..<line.tokenEnd(from: transportStart))) else {
            return .malformed("302013 without TCP or UDP")
        }
        guard let forRange = line.value(after: " for ", from: transportStart), let toRange = line.value(after: " to ", from: forRange.upperBound),
            let first = endpoint(line, forRange, interface: true), let second = endpoint(line, toRange, interface: true)
        else { return .malformed("302013 with unreadable endpoints") }
        let (initiator, responder) = inbound ? (first, second) : (second, first)
        guard let port = responder.port else { return .malformed("302013 without a responder port") }
        return record(transport, initiator, responder.address, port, .permitted, tag: nil)
    }

    /// `Inbound TCP connection denied from 10.1.1.1/1234 to 10.2.2.2/80 flags SYN on interface outside`,
    /// `Deny inbound UDP from 10.1.1.1/1234 to 10.2.2.2/53 on interface outside` (106006) or `… due to DNS Query` (106007).
    private static func inboundDeny(_ line: ByteLine, from body: Int) -> ParseOutcome {
        let transport: Transport
        if line.find(" TCP ", from: body - 1) != nil || line.find("Inbound TCP", from: body) != nil {
            transport = .tcp
        } else if line.find(" UDP ", from: body - 1) != nil {
            transport = .udp
        } else {
            return .skipped("ASA inbound deny without TCP/UDP")
        }
        guard let fromRange = line.value(after: " from ", from: body), let toRange = line.value(after: " to ", from: fromRange.upperBound),
            let source = endpoint(line, fromRange, interface: false), let destination = endpoint(line, toRange, interface: false),
            let port = destination.port
        else { return .malformed("inbound deny with unreadable endpoints") }
        return record(transport, source, destination.address, port, .denied, tag: nil)
    }

    private static func record(
        _ transport: Transport, _ source: (address: IPAddress, port: UInt16?), _ destination: IPAddress, _ port: UInt16,
        _ action: LogAction, tag: String?
    ) -> ParseOutcome {
        .record(
            LogRecord(
                device: .asa, messageID: "", time: nil, transport: transport, source: source.address, sourcePort: source.port,
                destination: destination, destinationPort: port, action: action, tag: tag))
    }

    /// `iface:10.1.1.1/1234` (or without `iface:`); IPv6 addresses keep their colons after the interface name.
    private static func endpoint(_ line: ByteLine, _ range: Range<Int>, interface: Bool) -> (address: IPAddress, port: UInt16?)? {
        var start = range.lowerBound
        if interface {
            guard let colon = (range.lowerBound..<range.upperBound).first(where: { line.bytes[$0] == 0x3A }) else { return nil }
            start = colon + 1
        }
        var slash = range.upperBound - 1
        while slash > start && line.bytes[slash] != 0x2F { slash -= 1 }
        guard slash > start, let address = line.address(start..<slash) else { return nil }
        let portEnd = line.tokenEnd(from: slash + 1, stops: { $0 < 0x30 || $0 > 0x39 })
        return (address, line.port(slash + 1..<portEnd))
    }

    /// `iface/10.1.1.1(1234)`.
    private static func parenthesizedEndpoint(_ line: ByteLine, _ range: Range<Int>) -> (address: IPAddress, port: UInt16?)? {
        guard let slash = (range.lowerBound..<range.upperBound).first(where: { line.bytes[$0] == 0x2F }),
            let open = (slash..<range.upperBound).first(where: { line.bytes[$0] == 0x28 }), let address = line.address(slash + 1..<open)
        else { return nil }
        let close = line.tokenEnd(from: open + 1, stops: { $0 == 0x29 })
        return (address, line.port(open + 1..<close))
    }
}
