import Foundation

/// ICMP echo (IPv4) and ICMPv6 echo over raw sockets (root), counting replies from the target.
package enum ICMPEcho {
    package static func ping(_ host: String, count: Int, timeout: Duration) -> Int {
        guard let target = try? SocketEndpoint(host: host, port: 0) else { return 0 }
        let version6 = target.family == AF_INET6
        let descriptor = socket(target.family, Int32(SOCK_RAW.rawValue), version6 ? Int32(IPPROTO_ICMPV6) : Int32(IPPROTO_ICMP))
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        SocketTimeout.setReceive(descriptor, .milliseconds(200))
        let identifier = UInt16.random(in: 1...UInt16.max)
        for sequence in 0..<count {
            // The kernel fills in the ICMPv6 checksum (it covers a pseudo-header only it knows).
            let packet = echoRequest(type: version6 ? 128 : 8, identifier: identifier, sequence: UInt16(sequence), checksummed: !version6)
            _ = target.withSockaddr { address, length in packet.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, 0, address, length) } }
        }
        var replies = Set<UInt16>()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var buffer = [UInt8](repeating: 0, count: 1500)
        while ContinuousClock.now < deadline {
            var source = sockaddr_storage()
            var sourceLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let received = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &source) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &sourceLength) }
                }
            }
            guard received > 0, sameAddress(source, target.storage) else { continue }
            // IPv4 raw sockets deliver the IP header; IPv6 ones start at the ICMPv6 header.
            let start = version6 ? 0 : Int(buffer[0] & 0x0F) * 4
            guard received >= start + 8, buffer[start] == (version6 ? 129 : 0),
                UInt16(buffer[start + 4]) << 8 | UInt16(buffer[start + 5]) == identifier
            else { continue }
            replies.insert(UInt16(buffer[start + 6]) << 8 | UInt16(buffer[start + 7]))
        }
        return replies.count
    }

    private static func sameAddress(_ a: sockaddr_storage, _ b: sockaddr_storage) -> Bool {
        guard a.ss_family == b.ss_family else { return false }
        return withUnsafeBytes(of: a) { left in
            withUnsafeBytes(of: b) { right in
                // sin_addr sits at byte 4 (4 bytes), sin6_addr at byte 8 (16 bytes).
                Int32(a.ss_family) == AF_INET6 ? left[8..<24].elementsEqual(right[8..<24]) : left[4..<8].elementsEqual(right[4..<8])
            }
        }
    }

    private static func echoRequest(type: UInt8, identifier: UInt16, sequence: UInt16, checksummed: Bool) -> [UInt8] {
        var packet: [UInt8] = [type, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        packet += Array("zonectl diode validate".utf8)
        guard checksummed else { return packet }
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
