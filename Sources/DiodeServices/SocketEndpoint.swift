import DataDiode
import Foundation

/// A numeric IPv4 or IPv6 address and port, written `HOST:PORT` or `[IPV6]:PORT`.
package struct SocketEndpoint: Sendable, CustomStringConvertible, Equatable {
    package let host: String
    package let port: UInt16
    package let storage: sockaddr_storage
    package let length: socklen_t

    package static func == (lhs: SocketEndpoint, rhs: SocketEndpoint) -> Bool { lhs.host == rhs.host && lhs.port == rhs.port }

    package var family: Int32 { Int32(storage.ss_family) }
    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    package init(parsing text: String) throws(DiodeError) {
        var hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw DiodeError(.invalidAddress, "'\(text)': expected [IPV6]:PORT") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw DiodeError(.invalidAddress, "'\(text)': expected HOST:PORT") }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        if hostPart == "localhost" { hostPart = "127.0.0.1" }
        guard let port = UInt16(portPart) else { throw DiodeError(.invalidAddress, "'\(text)': '\(portPart)' is not a port number") }
        try self.init(host: String(hostPart), port: port)
    }

    package init(host: String, port: UInt16) throws(DiodeError) {
        self.host = host
        self.port = port
        var storage = sockaddr_storage()
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            withUnsafeBytes(of: v4) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            withUnsafeBytes(of: v6) { source in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            throw DiodeError(.invalidAddress, "'\(host)' is not a numeric IPv4 or IPv6 address")
        }
        self.storage = storage
    }

    package func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self), length) }
    }
}

extension DiodeError.Code {
    /// An address is not HOST:PORT with a numeric host, or a URL scheme is unknown.
    package static let invalidAddress = Self("invalid-address")
    /// A socket call failed (bind, connect, send).
    package static let socket = Self("socket")
    /// A rate is not a number with an optional K, M or G suffix.
    package static let invalidRate = Self("invalid-rate")
    /// A network namespace cannot be entered.
    package static let namespace = Self("namespace")
}

extension DiodeError {
    /// A failed system call, with errno's text.
    static func errno(_ code: Code, _ what: String) -> DiodeError {
        DiodeError(code, "\(what): \(String(cString: strerror(Glibc.errno)))")
    }
}
