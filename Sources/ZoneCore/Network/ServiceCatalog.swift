import Foundation

/// What kind of communication a service is, for the lint rules that reason about services.
public enum ServiceCategory: String, Sendable, Codable {
    /// Industrial protocols that read or change the process.
    case industrial
    /// Historian replication and other OT data transfer.
    case dataReplication
    /// Interactive remote sessions (RDP, SSH, VNC, Telnet, TeamViewer).
    case remoteAccess
    /// Person-to-person and general-purpose services that SR 5.3 keeps out of control zones.
    case personToPerson
    /// File transfer.
    case fileTransfer
    /// Infrastructure: name resolution, time, logging, directory, monitoring.
    case infrastructure
    /// Web and other general IT services.
    case web
}

/// A well-known OT or IT service with its default transport ports.
public struct WellKnownService: Hashable, Sendable {
    /// Stable id used in generated names (`modbus`, `opc-ua`).
    public let id: String
    public let displayName: String
    public let ports: [ServicePort]
    public let category: ServiceCategory
    /// The protocol can change process state (writes, downloads, commands).
    public let canWrite: Bool
    /// Traffic is encrypted by the protocol itself (TLS, SSH, RDP with TLS).
    public let isEncrypted: Bool
    /// The protocol has function codes that a DPI enforcer can filter (Modbus).
    public let hasFunctionCodes: Bool
    let aliases: [String]
}

/// The table of services that channels name by protocol; a channel's own `port`/`transport` override it.
public enum ServiceCatalog {
    public static let services: [WellKnownService] = [
        service("modbus", "Modbus/TCP", [.init(.tcp, 502)], .industrial, write: true, fc: true,
                aliases: ["modbus", "modbus/tcp", "modbus tcp", "modbustcp", "mbap"]),
        service("opc-ua", "OPC UA", [.init(.tcp, 4840)], .industrial, write: true,
                aliases: ["opc ua", "opcua", "opc-ua", "opc ua binary", "opc.tcp"]),
        service("s7comm", "S7comm", [.init(.tcp, 102)], .industrial, write: true,
                aliases: ["s7", "s7comm", "s7comm-plus", "iso-tsap", "siemens s7"]),
        service("ethernet-ip", "EtherNet/IP", [.init(.tcp, 44818), .init(.udp, 2222)], .industrial, write: true,
                aliases: ["ethernet/ip", "ethernetip", "enip", "cip", "ethernet-ip"]),
        service("dnp3", "DNP3", [.init(.tcp, 20000)], .industrial, write: true, aliases: ["dnp3", "dnp"]),
        service("iec-104", "IEC 60870-5-104", [.init(.tcp, 2404)], .industrial, write: true,
                aliases: ["iec 60870-5-104", "iec-104", "iec104", "iec 104", "iec-60870-5-104"]),
        service("bacnet", "BACnet/IP", [.init(.udp, 47808)], .industrial, write: true,
                aliases: ["bacnet", "bacnet/ip", "bacnetip"]),
        service("mms", "IEC 61850 MMS", [.init(.tcp, 102)], .industrial, write: true, aliases: ["mms", "iec 61850 mms"]),
        service("hart-ip", "HART-IP", [.init(.tcp, 5094), .init(.udp, 5094)], .industrial, write: true,
                aliases: ["hart-ip", "hartip"]),
        service("fins", "OMRON FINS", [.init(.udp, 9600)], .industrial, write: true, aliases: ["fins", "omron fins"]),
        service("opc-da", "OPC DA (DCOM)", [.init(.tcp, 135)], .industrial, write: true,
                aliases: ["opc da", "opc-da", "opc classic", "dcom"]),
        service("pi", "PI-to-PI", [.init(.tcp, 5450)], .dataReplication,
                aliases: ["pi-to-pi", "pi to pi", "pi", "osisoft pi", "pi data archive", "pi historian"]),
        service("mqtt", "MQTT", [.init(.tcp, 1883)], .dataReplication, aliases: ["mqtt"]),
        service("mqtts", "MQTT over TLS", [.init(.tcp, 8883)], .dataReplication, encrypted: true,
                aliases: ["mqtts", "mqtt/tls"]),
        service("https", "HTTPS", [.init(.tcp, 443)], .web, encrypted: true, aliases: ["https", "http/tls", "tls"]),
        service("http", "HTTP", [.init(.tcp, 80)], .web, aliases: ["http", "web"]),
        service("rdp", "RDP", [.init(.tcp, 3389)], .remoteAccess, encrypted: true,
                aliases: ["rdp", "remote desktop", "ms-rdp"]),
        service("ssh", "SSH", [.init(.tcp, 22)], .remoteAccess, encrypted: true, aliases: ["ssh", "sftp", "scp"]),
        service("vnc", "VNC", [.init(.tcp, 5900)], .remoteAccess, aliases: ["vnc", "rfb"]),
        service("telnet", "Telnet", [.init(.tcp, 23)], .remoteAccess, aliases: ["telnet"]),
        service("teamviewer", "TeamViewer", [.init(.tcp, 5938)], .remoteAccess, encrypted: true,
                aliases: ["teamviewer"]),
        service("smtp", "SMTP", [.init(.tcp, 25)], .personToPerson, aliases: ["smtp", "email", "e-mail", "mail"]),
        service("submission", "SMTP submission", [.init(.tcp, 587)], .personToPerson, encrypted: true,
                aliases: ["smtp submission", "submission"]),
        service("imap", "IMAP", [.init(.tcp, 143)], .personToPerson, aliases: ["imap"]),
        service("imaps", "IMAPS", [.init(.tcp, 993)], .personToPerson, encrypted: true, aliases: ["imaps"]),
        service("pop3", "POP3", [.init(.tcp, 110)], .personToPerson, aliases: ["pop3", "pop"]),
        service("xmpp", "XMPP chat", [.init(.tcp, 5222)], .personToPerson, aliases: ["xmpp", "jabber", "chat"]),
        service("irc", "IRC", [.init(.tcp, 6667)], .personToPerson, aliases: ["irc"]),
        service("sip", "SIP", [.init(.udp, 5060), .init(.tcp, 5060)], .personToPerson, aliases: ["sip", "voip"]),
        service("smb", "SMB", [.init(.tcp, 445)], .fileTransfer, aliases: ["smb", "cifs", "windows file sharing"]),
        service("ftp", "FTP", [.init(.tcp, 21)], .fileTransfer, aliases: ["ftp"]),
        service("tftp", "TFTP", [.init(.udp, 69)], .fileTransfer, aliases: ["tftp"]),
        service("wsus", "WSUS", [.init(.tcp, 8530)], .fileTransfer, aliases: ["wsus"]),
        service("wsus-tls", "WSUS over TLS", [.init(.tcp, 8531)], .fileTransfer, encrypted: true,
                aliases: ["wsus tls", "wsus-tls"]),
        service("dns", "DNS", [.init(.udp, 53), .init(.tcp, 53)], .infrastructure, aliases: ["dns"]),
        service("ntp", "NTP", [.init(.udp, 123)], .infrastructure, aliases: ["ntp", "time"]),
        service("ptp", "PTP", [.init(.udp, 319), .init(.udp, 320)], .infrastructure, aliases: ["ptp", "ieee 1588"]),
        service("syslog", "Syslog", [.init(.udp, 514)], .infrastructure, aliases: ["syslog"]),
        service("syslog-tls", "Syslog over TLS", [.init(.tcp, 6514)], .infrastructure, encrypted: true,
                aliases: ["syslog-tls", "syslog tls"]),
        service("snmp", "SNMP", [.init(.udp, 161)], .infrastructure, aliases: ["snmp"]),
        service("snmp-trap", "SNMP trap", [.init(.udp, 162)], .infrastructure, aliases: ["snmp trap", "snmp-trap"]),
        service("ldap", "LDAP", [.init(.tcp, 389)], .infrastructure, aliases: ["ldap"]),
        service("ldaps", "LDAPS", [.init(.tcp, 636)], .infrastructure, encrypted: true, aliases: ["ldaps"]),
        service("kerberos", "Kerberos", [.init(.tcp, 88), .init(.udp, 88)], .infrastructure, aliases: ["kerberos"]),
        service("radius", "RADIUS", [.init(.udp, 1812)], .infrastructure, aliases: ["radius"]),
    ]

    private static func service(
        _ id: String, _ name: String, _ ports: [ServicePort], _ category: ServiceCategory,
        write: Bool = false, encrypted: Bool = false, fc: Bool = false, aliases: [String]
    ) -> WellKnownService {
        WellKnownService(
            id: id, displayName: name, ports: ports, category: category, canWrite: write, isEncrypted: encrypted,
            hasFunctionCodes: fc, aliases: aliases)
    }

    private static let byAlias: [String: WellKnownService] = {
        var table: [String: WellKnownService] = [:]
        for service in services {
            for alias in service.aliases + [service.id, service.displayName] {
                table[normalize(alias)] = table[normalize(alias)] ?? service
            }
        }
        return table
    }()

    /// Lower case with spaces, dashes, slashes, dots and underscores removed, so `Modbus/TCP` matches `modbus tcp`.
    static func normalize(_ name: String) -> String {
        // Protocol names are ASCII; a byte loop avoids Foundation's character sets for the thousands of channels.
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        }
        return String(unsafeUninitializedCapacity: name.utf8.count) { buffer in
            var count = 0
            for byte in name.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): buffer[count] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[count] = byte | 0x20
                default: continue
                }
                count += 1
            }
            return count
        }
    }

    /// The service a protocol name means, if it is one we know.
    public static func service(named name: String) -> WellKnownService? { byAlias[normalize(name)] }

    /// The first service whose default ports include `port` on `transport` (any transport when nil).
    public static func service(port: UInt16, transport: Transport?) -> WellKnownService? {
        services.first { service in
            service.ports.contains { $0.ports.contains(port) && (transport == nil || $0.transport == transport) }
        }
    }

    public static func service(id: String) -> WellKnownService? { services.first { $0.id == id } }
}
