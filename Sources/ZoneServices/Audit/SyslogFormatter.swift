import Foundation
import ModbusDPI

/// RFC 5424 messages for audit events: facility local0, structured data under the documentation
/// enterprise number 32473 (RFC 5612).
public struct SyslogFormatter: Sendable {
    public var hostname: String
    public var appName: String
    public var processID: String

    public init(hostname: String = ProcessInfo.processInfo.hostName, appName: String = "zonectl-guard",
                processID: String = String(ProcessInfo.processInfo.processIdentifier)) {
        self.hostname = hostname.isEmpty ? "-" : hostname
        self.appName = appName
        self.processID = processID
    }

    static let facilityLocal0 = 16
    static let structuredDataID = "modbus@32473"

    /// Warning (4) for denials, notice (5) for monitor-mode would-be denials, informational (6) for allows.
    static func severity(_ verdict: ModbusAuditRecord.Verdict) -> Int {
        switch verdict {
        case .deny: 4
        case .wouldDeny: 5
        case .allow: 6
        }
    }

    public func format(_ event: AuditEvent) -> String {
        let priority = Self.facilityLocal0 * 8 + Self.severity(event.verdict)
        var parameters: [(String, String)] = [
            ("conduit", event.conduit), ("rule", event.rule), ("src", event.source), ("dst", event.destination),
            ("verdict", event.verdict.rawValue), ("mode", event.mode.rawValue), ("event", event.event.rawValue),
        ]
        if let unit = event.unit { parameters.append(("unit", String(unit))) }
        if let function = event.function { parameters.append(("fc", String(function))) }
        if let subfunction = event.subfunction { parameters.append(("subfunction", String(subfunction))) }
        if let mei = event.meiType { parameters.append(("mei", String(mei))) }
        if !event.addresses.isEmpty { parameters.append(("addresses", event.addresses.joined(separator: ","))) }
        if let cause = event.cause { parameters.append(("cause", cause)) }
        if let action = event.action { parameters.append(("action", action)) }
        let data = parameters.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: " ")
        return "<\(priority)>1 \(event.time) \(hostname) \(appName) \(processID) modbus [\(Self.structuredDataID) \(data)] \(event.summary)"
    }

    /// RFC 5424 §6.3.3: `"`, `\` and `]` are escaped inside parameter values.
    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == "\"" || character == "\\" || character == "]" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
