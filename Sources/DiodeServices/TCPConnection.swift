import Foundation

/// Outgoing TCP connections for line feeds (a historian export on the OT side, an ingest port on the DMZ side).
package enum TCPConnection {
    /// A connected, blocking socket, or nil when the peer does not accept within `timeout`.
    package static func connect(to endpoint: SocketEndpoint, timeout: Duration = .seconds(2)) -> Int32? {
        let descriptor = socket(endpoint.family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        let result = endpoint.withSockaddr { Glibc.connect(descriptor, $0, $1) }
        if result != 0 {
            guard errno == EINPROGRESS, waitWritable(descriptor, timeout: timeout), socketError(descriptor) == 0 else {
                close(descriptor)
                return nil
            }
        }
        _ = fcntl(descriptor, F_SETFL, flags)
        return descriptor
    }

    /// The outcome of a connection attempt, for reachability checks: connected, refused (a reset came
    /// back) or nothing at all within the timeout.
    package enum Probe: String, Sendable {
        case connected
        case refused
        case unreachable
        case silent
    }

    package static func probe(_ endpoint: SocketEndpoint, timeout: Duration) -> Probe {
        let descriptor = socket(endpoint.family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .silent }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var error: Int32 = 0
        if endpoint.withSockaddr({ Glibc.connect(descriptor, $0, $1) }) != 0 {
            guard errno == EINPROGRESS else { return errno == ECONNREFUSED ? .refused : .unreachable }
            guard waitWritable(descriptor, timeout: timeout) else { return .silent }
            error = socketError(descriptor)
        }
        switch error {
        case 0: return .connected
        case ECONNREFUSED: return .refused
        default: return .unreachable
        }
    }

    /// Whether the peer has closed or reset the connection (checked without blocking or consuming data).
    package static func peerClosed(_ descriptor: Int32) -> Bool {
        // POLLRDHUP (Linux); Glibc exports it only under _GNU_SOURCE.
        let peerShutdown: Int16 = 0x2000
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN) | peerShutdown, revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        if entry.revents & (peerShutdown | Int16(POLLHUP) | Int16(POLLERR)) != 0 { return true }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) == 0
    }

    /// Writes all of `bytes`; false when the connection is gone.
    package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        write(descriptor, bytes, giveUp: { true }) == bytes.count
    }

    /// Writes `bytes` and returns how many were written: all of them, or fewer when the connection is
    /// gone, or when a send timed out (SO_SNDTIMEO: the peer does not read) and `giveUp` says to stop.
    package static func write(_ descriptor: Int32, _ bytes: [UInt8], giveUp: () -> Bool) -> Int {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written > 0 {
                offset += written
                // A blocking send that returns early timed out part way: the peer reads, but slowly.
                if offset < bytes.count && giveUp() { break }
            } else if written < 0, errno == EINTR || ((errno == EAGAIN || errno == EWOULDBLOCK) && !giveUp()) {
                continue
            } else {
                break
            }
        }
        return offset
    }

    private static func waitWritable(_ descriptor: Int32, timeout: Duration) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return poll(&entry, 1, milliseconds) == 1
    }

    private static func socketError(_ descriptor: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        return error
    }
}
