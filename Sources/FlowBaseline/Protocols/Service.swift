/// Application protocols the baseline recognises. Ids match zonectl's service catalogue where one exists.
public enum Service: UInt8, Sendable, CaseIterable, Comparable {
    case unknown = 0
    case modbus, enip, s7comm, s7commPlus, dnp3, iec104, opcua, bacnet, profinetDCP, profinetRT, goose, sampledValues, mms
    case dns, ntp, http, tls, ssh, rdp, smb, syslog

    public var id: String {
        switch self {
        case .unknown: "unknown"
        case .modbus: "modbus"
        case .enip: "ethernet-ip"
        case .s7comm: "s7comm"
        case .s7commPlus: "s7comm-plus"
        case .dnp3: "dnp3"
        case .iec104: "iec-104"
        case .opcua: "opc-ua"
        case .bacnet: "bacnet"
        case .profinetDCP: "profinet-dcp"
        case .profinetRT: "profinet-rt"
        case .goose: "goose"
        case .sampledValues: "iec61850-sv"
        case .mms: "mms"
        case .dns: "dns"
        case .ntp: "ntp"
        case .http: "http"
        case .tls: "https"
        case .ssh: "ssh"
        case .rdp: "rdp"
        case .smb: "smb"
        case .syslog: "syslog"
        }
    }

    /// The protocol name written into a proposed model's channels (resolvable by the service catalogue).
    public var displayName: String {
        switch self {
        case .unknown: "unknown"
        case .modbus: "Modbus/TCP"
        case .enip: "EtherNet/IP"
        case .s7comm: "S7comm"
        case .s7commPlus: "S7comm-plus"
        case .dnp3: "DNP3"
        case .iec104: "IEC 60870-5-104"
        case .opcua: "OPC UA"
        case .bacnet: "BACnet/IP"
        case .profinetDCP: "PROFINET DCP"
        case .profinetRT: "PROFINET RT"
        case .goose: "IEC 61850 GOOSE"
        case .sampledValues: "IEC 61850 SV"
        case .mms: "IEC 61850 MMS"
        case .dns: "DNS"
        case .ntp: "NTP"
        case .http: "HTTP"
        case .tls: "HTTPS"
        case .ssh: "SSH"
        case .rdp: "RDP"
        case .smb: "SMB"
        case .syslog: "Syslog"
        }
    }

    public init?(id: String) {
        guard let found = Service.allCases.first(where: { $0.id == id }) else { return nil }
        self = found
    }

    /// Industrial protocols: their servers are controllers or OT servers, their clients operate the process.
    public var isIndustrial: Bool {
        switch self {
        case .modbus, .enip, .s7comm, .s7commPlus, .dnp3, .iec104, .opcua, .bacnet, .profinetDCP, .profinetRT, .goose,
            .sampledValues, .mms:
            true
        default: false
        }
    }

    /// Protocols whose servers are field controllers (PLC, RTU, IED) rather than OT servers.
    public var isControllerProtocol: Bool {
        switch self {
        case .modbus, .enip, .s7comm, .s7commPlus, .dnp3, .iec104, .bacnet, .mms, .goose, .sampledValues, .profinetRT: true
        default: false
        }
    }

    /// The service usually found on `port`; a guess until a payload confirms it.
    public static func guess(transport: UInt8, port: UInt16) -> Service {
        if transport == FlowTransport.tcp {
            switch port {
            case 502: return .modbus
            case 44818: return .enip
            case 102: return .s7comm
            case 20000: return .dnp3
            case 2404: return .iec104
            case 4840: return .opcua
            case 53: return .dns
            case 80, 8080: return .http
            case 443, 8443: return .tls
            case 22: return .ssh
            case 3389: return .rdp
            case 445, 139: return .smb
            case 6514: return .syslog
            default: return .unknown
            }
        }
        if transport == FlowTransport.udp {
            switch port {
            case 44818, 2222: return .enip
            case 20000: return .dnp3
            case 47808: return .bacnet
            case 53: return .dns
            case 123: return .ntp
            case 514: return .syslog
            default: return .unknown
            }
        }
        return .unknown
    }

    public static func < (lhs: Service, rhs: Service) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a flow did to the process, summarised from its function codes.
public struct OperationClass: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = OperationClass(rawValue: 1)
    public static let write = OperationClass(rawValue: 2)
    /// Program download/upload or firmware transfer.
    public static let program = OperationClass(rawValue: 4)
    /// Start, stop, restart, diagnostics that change device state.
    public static let control = OperationClass(rawValue: 8)
    public static let exception = OperationClass(rawValue: 16)
    /// Device identification requests (Modbus 43/14, CIP List Identity, S7 SZL).
    public static let identity = OperationClass(rawValue: 32)

    public static let names: [(OperationClass, String)] = [
        (.read, "read"), (.write, "write"), (.program, "program"), (.control, "control"), (.exception, "exception"),
        (.identity, "identity"),
    ]

    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

    public init(names: [String]) {
        self = []
        for (value, name) in Self.names where names.contains(name) { insert(value) }
    }
}
