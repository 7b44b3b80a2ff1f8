/// Payload checks for the IT protocols in OT networks: DNS, NTP, HTTP, TLS (with SNI), SSH, RDP, SMB, syslog.
public enum ITIdentifiers {
    static let httpMethods: [[UInt8]] = ["GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "HTTP/1."].map { Array($0.utf8) }

    public static func isHTTP(_ payload: UnsafeRawBufferPointer) -> Bool { httpMethods.contains { payload.hasBytes($0) } }

    public static func isTLS(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 6 && (0x14...0x17).contains(payload[0]) && payload[1] == 3 && payload[2] <= 4
    }

    public static func isSSH(_ payload: UnsafeRawBufferPointer) -> Bool { payload.hasBytes(Array("SSH-".utf8)) }

    /// SMB1/2/3 after the 4-byte NetBIOS session header.
    public static func isSMB(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 8 && payload[0] == 0 && (payload.hasBytes([0xFF, 0x53, 0x4D, 0x42], at: 4) || payload.hasBytes([0xFE, 0x53, 0x4D, 0x42], at: 4))
    }

    /// RDP's X.224 connection request carries `Cookie: mstshash=` or an RDP negotiation request.
    public static func isRDP(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 11, payload[0] == 3, payload[1] == 0, payload[5] == 0xE0 || payload[5] == 0xD0 else { return false }
        return payload.hasBytes(Array("Cookie: mstshash=".utf8), at: 11) || payload.count >= 19 && payload[payload.count - 8] == 1
    }

    /// DNS: a header whose counts fit the datagram and a flags word with a standard opcode.
    public static func isDNS(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 12 else { return false }
        let opcode = (payload[2] >> 3) & 0x0F
        let questions = payload.u16be(4)
        return opcode <= 2 && questions >= 1 && questions <= 16
    }

    public static func isNTP(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 48 else { return false }
        let version = (payload[0] >> 3) & 0x07
        let mode = payload[0] & 0x07
        return (1...4).contains(version) && (1...5).contains(mode)
    }

    /// Syslog: `<PRI>` with a priority of at most 191.
    public static func isSyslog(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 4, payload[0] == UInt8(ascii: "<") else { return false }
        var value = 0
        for index in 1..<min(payload.count, 5) {
            let byte = payload[index]
            if byte == UInt8(ascii: ">") { return index > 1 && value <= 191 }
            guard (48...57).contains(byte) else { return false }
            value = value * 10 + Int(byte - 48)
        }
        return false
    }

    /// The server name of a TLS ClientHello, if the record holds one.
    public static func serverName(_ payload: UnsafeRawBufferPointer) -> String? {
        guard payload.count >= 43, payload[0] == 0x16, payload[5] == 0x01 else { return nil }
        var offset = 43
        guard offset < payload.count else { return nil }
        offset += 1 + Int(payload[offset])
        guard offset + 2 <= payload.count else { return nil }
        offset += 2 + Int(payload.u16be(offset))
        guard offset < payload.count else { return nil }
        offset += 1 + Int(payload[offset])
        guard offset + 2 <= payload.count else { return nil }
        let extensionsEnd = min(payload.count, offset + 2 + Int(payload.u16be(offset)))
        offset += 2
        while offset + 4 <= extensionsEnd {
            let type = payload.u16be(offset)
            let length = Int(payload.u16be(offset + 2))
            let data = offset + 4
            guard data + length <= extensionsEnd else { return nil }
            if type == 0, length >= 5, payload[data + 2] == 0 {
                let nameLength = Int(payload.u16be(data + 3))
                guard data + 5 + nameLength <= extensionsEnd else { return nil }
                return String(decoding: UnsafeRawBufferPointer(rebasing: payload[(data + 5)..<(data + 5 + nameLength)]), as: UTF8.self)
            }
            offset = data + length
        }
        return nil
    }
}
