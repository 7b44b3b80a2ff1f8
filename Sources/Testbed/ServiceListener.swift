import Foundation
import ZoneCore

/// Answers on every address and port a testbed zone is probed on: TCP connections are accepted and closed,
/// UDP datagrams are echoed back to their sender.
public enum ServiceListener {
    public static func run(addresses: [IPAddress], ports: [ServicePort], skip: Set<String>) throws(TestbedError) -> Never {
        var descriptors: [(Int32, Transport)] = []
        for address in addresses {
            for port in ports {
                let endpoint = address.family == .v4 ? "\(address):\(port.ports.lower)" : "[\(address)]:\(port.ports.lower)"
                if skip.contains(endpoint) { continue }
                let socketAddress = SocketAddress(address, port: port.ports.lower)
                let type = port.transport == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
                guard let descriptor = socketAddress.boundSocket(type) else {
                    throw TestbedError(.service, "cannot bind \(port.transport)/\(endpoint): \(String(cString: strerror(errno)))")
                }
                if port.transport == .tcp, listen(descriptor, 128) != 0 {
                    throw TestbedError(.service, "cannot listen on \(endpoint): \(String(cString: strerror(errno)))")
                }
                descriptors.append((descriptor, port.transport))
            }
        }
        FileHandle.standardOutput.write(Data("zonectl testbed listen: ready on \(descriptors.count) sockets\n".utf8))
        var polls = descriptors.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 2048)
        while true {
            guard poll(&polls, nfds_t(polls.count), -1) > 0 else { continue }
            for (index, entry) in polls.enumerated() where entry.revents != 0 {
                let descriptor = entry.fd
                if descriptors[index].1 == .tcp {
                    let client = accept(descriptor, nil, nil)
                    if client >= 0 { close(client) }
                } else {
                    var peer = sockaddr_storage()
                    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                    let count = withUnsafeMutablePointer(to: &peer) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, &buffer, buffer.count, 0, $0, &length) }
                    }
                    if count > 0 {
                        _ = withUnsafePointer(to: &peer) { pointer in
                            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, buffer, count, 0, $0, length) }
                        }
                    }
                }
                polls[index].revents = 0
            }
        }
    }
}
