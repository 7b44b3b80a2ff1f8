import NIOCore

/// Where syslog messages go: `udp://HOST:PORT` or `tcp://HOST:PORT` (RFC 6587 octet counting).
public struct SyslogTarget: Hashable, Sendable, CustomStringConvertible {
    public enum Transport: String, Hashable, Sendable {
        case udp
        case tcp
    }

    public var transport: Transport
    public var host: String
    public var port: Int

    public init(transport: Transport, host: String, port: Int) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "://", maxSplits: 1).map(String.init)
        guard parts.count == 2, let transport = Transport(rawValue: parts[0].lowercased()),
            let endpoint = HostPort(parts[1])
        else { return nil }
        self.init(transport: transport, host: endpoint.host, port: endpoint.port)
    }

    public var description: String { "\(transport.rawValue)://\(HostPort(host: host, port: port))" }
}

/// `HOST:PORT` or `[IPv6]:PORT`.
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(_ text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.init(host: String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension HostPort {
    /// The numeric address and port of a bound or connected socket.
    public init(_ address: SocketAddress) {
        self.init(host: address.ipAddress ?? "", port: address.port ?? 0)
    }
}
