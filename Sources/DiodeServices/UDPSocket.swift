import CDiodeSystem
import DataDiode
import Foundation
import NIOCore

/// A blocking UDP socket with a receive timeout, enough for a paced sender and a receive loop.
package final class UDPSocket: @unchecked Sendable {
    package let descriptor: Int32
    /// Set once the kernel refused segmentation offload; then datagrams go out one by one.
    private var segmentationRefused = false

    package init(family: Int32) throws(DiodeError) {
        descriptor = socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw .errno(.socket, "socket") }
    }

    deinit { close(descriptor) }

    package static func bound(to endpoint: SocketEndpoint) throws(DiodeError) -> UDPSocket {
        let socket = try UDPSocket(family: endpoint.family)
        var one: Int32 = 1
        setsockopt(socket.descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard endpoint.withSockaddr({ bind(socket.descriptor, $0, $1) }) == 0 else { throw .errno(.socket, "bind \(endpoint)") }
        return socket
    }

    /// The locally bound port (after binding to port 0).
    package var localPort: UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self)) }
    }

    /// Asks for a large kernel receive buffer; as root SO_RCVBUFFORCE passes net.core.rmem_max.
    package func setReceiveBuffer(_ bytes: Int32) {
        var size = bytes
        if setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    package func setSendBuffer(_ bytes: Int32) {
        var size = bytes
        if setsockopt(descriptor, SOL_SOCKET, SO_SNDBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    package func setReceiveTimeout(_ duration: Duration) {
        SocketTimeout.setReceive(descriptor, duration)
    }

    /// Sends one datagram; a full send buffer is retried, other errors are returned.
    @discardableResult
    package func send(_ datagram: ByteBuffer, to endpoint: SocketEndpoint) -> Bool {
        datagram.withUnsafeReadableBytes { send($0, to: endpoint) }
    }

    /// Sends datagrams of one size lying back to back with a single system call (UDP segmentation
    /// offload); falls back to one call per datagram where the kernel refuses it.
    @discardableResult
    package func send(_ run: DatagramRun, to endpoint: SocketEndpoint) -> Bool {
        let size = run.datagramSize
        if run.count > 1, !segmentationRefused {
            let sent = endpoint.withSockaddr { diode_send_segmented(descriptor, $0, $1, run.bytes.baseAddress, run.bytes.count, UInt16(size)) }
            if sent >= 0 { return true }
            if errno == EINVAL || errno == EIO || errno == ENOPROTOOPT { segmentationRefused = true }
        }
        return (0..<run.count).allSatisfy { send(UnsafeRawBufferPointer(rebasing: run.bytes[($0 * size)..<(($0 + 1) * size)]), to: endpoint) }
    }

    @discardableResult
    private func send(_ bytes: UnsafeRawBufferPointer, to endpoint: SocketEndpoint) -> Bool {
        endpoint.withSockaddr { address, length in
            while true {
                if sendto(descriptor, bytes.baseAddress, bytes.count, 0, address, length) >= 0 { return true }
                if errno == EINTR || errno == ENOBUFS || errno == EAGAIN { continue }
                return false
            }
        }
    }

    /// Asks for coalesced delivery of datagrams (UDP GRO): one receive call then returns many.
    package func enableReceiveOffload() { _ = diode_enable_receive_offload(descriptor) }

    /// Receives one or more coalesced datagrams into `buffer` and calls `body` with each; false after
    /// the receive timeout.
    package func receiveSegments(into buffer: UnsafeMutableRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        var segment = 0
        let received = diode_receive_segmented(descriptor, buffer.baseAddress, buffer.count, &segment)
        guard received > 0, segment > 0 else { return false }
        var offset = 0
        while offset < received {
            let end = min(offset + segment, received)
            body(UnsafeRawBufferPointer(rebasing: buffer[offset..<end]))
            offset = end
        }
        return true
    }

    /// One datagram, or nil after the receive timeout. `scratch` is reused between calls so that the
    /// hot receive path does not allocate a maximum-size buffer per datagram.
    package func receive(scratch: inout [UInt8]) -> ByteBuffer? {
        if scratch.count < 65536 { scratch = [UInt8](repeating: 0, count: 65536) }
        let count = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return scratch.withUnsafeBytes { ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// One datagram, or nil after the receive timeout.
    package func receive() -> ByteBuffer? {
        var scratch = [UInt8]()
        return receive(scratch: &scratch)
    }
}
