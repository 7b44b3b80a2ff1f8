import Foundation

/// ICMP echo over a raw IPv4 socket (root), counting replies from the target.
package enum ICMPEcho {
    package static func ping(_ host: String, count: Int, timeout: Duration) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_RAW.rawValue), Int32(IPPROTO_ICMP))
        guard descriptor >= 0, let target = try? SocketEndpoint(host: host, port: 0) else { return 0 }
        defer { close(descriptor) }
        var wait = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let identifier = UInt16.random(in: 1...UInt16.max)
        for sequence in 0..<count {
            let packet = echoRequest(identifier: identifier, sequence: UInt16(sequence))
            _ = target.withSockaddr { address, length in packet.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, address, length) } }
        }
        var replies = Set<UInt16>()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var buffer = [UInt8](repeating: 0, count: 1500)
        while ContinuousClock.now < deadline {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard received > 20 else { continue }
            let headerLength = Int(buffer[0] & 0x0F) * 4
            guard received >= headerLength + 8, buffer[headerLength] == 0,
                UInt16(buffer[headerLength + 4]) << 8 | UInt16(buffer[headerLength + 5]) == identifier,
                buffer[12..<16].map(String.init).joined(separator: ".") == host
            else { continue }
            replies.insert(UInt16(buffer[headerLength + 6]) << 8 | UInt16(buffer[headerLength + 7]))
        }
        return replies.count
    }

    private static func echoRequest(identifier: UInt16, sequence: UInt16) -> [UInt8] {
        var packet: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        packet += Array("zonectl diode validate".utf8)
        var sum: UInt32 = 0
        for index in stride(from: 0, to: packet.count, by: 2) {
            sum += UInt32(packet[index]) << 8 | UInt32(index + 1 < packet.count ? packet[index + 1] : 0)
        }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        packet[2] = UInt8(checksum >> 8)
        packet[3] = UInt8(checksum & 0xFF)
        return packet
    }
}
