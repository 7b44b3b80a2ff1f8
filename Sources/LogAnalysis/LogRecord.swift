import Foundation
import ZoneCore

/// The device family a log line came from.
public enum LogDevice: String, Sendable, Codable, CaseIterable {
    case nftables
    case asa
    case fortigate
}

/// What the device did with the flow.
public enum LogAction: String, Sendable, Codable {
    /// Blocked by the device.
    case denied
    /// Let through (in monitor mode: a would-be deny that was allowed, or an ordinary permit).
    case permitted
}

/// One flow seen in a device log: initiator, responder and its service port.
public struct LogRecord: Sendable, Equatable {
    public var device: LogDevice
    public var messageID: String
    public var time: Int64?
    public var transport: Transport
    public var source: IPAddress
    public var sourcePort: UInt16?
    public var destination: IPAddress
    public var destinationPort: UInt16
    public var action: LogAction
    /// The log prefix or tag, such as nftables' `zc-monitor Z5-ENT>Z2-BPCS`.
    public var tag: String?
}

/// What a parser made of one line.
enum ParseOutcome {
    case record(LogRecord)
    /// A line of a known device whose message zonectl does not use (counted by id).
    case skipped(String)
    /// Not a line of this device.
    case notMine
    /// A line of this device that is cut or malformed.
    case malformed(String)
}

protocol LogLineParser {
    static func parse(_ line: ByteLine, defaultYear: Int) -> ParseOutcome
}

extension Transport {
    /// From the text a device prints: TCP, tcp, UDP, or IP protocol numbers 6 and 17.
    init?(logText: String) {
        switch logText.lowercased() {
        case "tcp", "6": self = .tcp
        case "udp", "17": self = .udp
        default: return nil
        }
    }
}
