import Foundation

/// A single Modbus/TCP request: read one holding register (FC 3) or write one register (FC 6), unit 1.
enum ModbusProbe {
    static func request(_ kind: Probe.Kind) -> [UInt8] {
        let transaction = UInt16.random(in: 1...UInt16.max)
        let function: UInt8 = kind == .modbusRead ? 3 : 6
        return [UInt8(transaction >> 8), UInt8(transaction & 0xFF), 0, 0, 0, 6, 1, function, 0, 0, 0, 1]
    }

    static func run(_ probe: Probe, timeout: Duration) -> ProbeOutcome {
        guard let descriptor = ProbeRunner.open(probe, type: Int32(SOCK_STREAM.rawValue)) else { return .blocked }
        defer { close(descriptor) }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard wait(&poller, until: deadline) else { return .blocked }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else { return .blocked }
        let request = request(probe.kind)
        guard send(descriptor, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return .refused }
        var response: [UInt8] = []
        poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while response.count < 9, wait(&poller, until: deadline) {
            var buffer = [UInt8](repeating: 0, count: 260)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        guard response.count >= 8, response[0..<2] == request[0..<2] else { return .refused }
        return response[7] == request[7] ? .reached : .refused
    }

    private static func wait(_ poller: inout pollfd, until deadline: ContinuousClock.Instant) -> Bool {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return false }
        let milliseconds = Int32(max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
        poller.revents = 0
        return poll(&poller, 1, milliseconds) > 0
    }
}
