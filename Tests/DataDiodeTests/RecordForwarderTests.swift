import DataDiode
import DiodeServices
import Foundation
import Testing

/// The TCP record sink path of `diode receive --records-to tcp://…` against a real listener that is
/// stopped and started again.
@Suite(.serialized) struct RecordForwarderTests {
    private func line(_ sequence: Int) -> [UInt8] { Array(#"{"tag":"FIC-1","timestamp":\#(sequence),"value":\#(sequence),"quality":"good"}"#.utf8) }

    private func values(_ lines: [String]) -> [Int] {
        lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["value"] as? Int }
    }

    @Test func recordsWaitWhileTheSinkRestartsAndArriveInOrderOnce() throws {
        let port = freeTCPPort()
        var listener = try LineListener(port: port)
        let forwarder = RecordForwarder(endpoint: try SocketEndpoint(host: "127.0.0.1", port: port), limit: 1000)
        for sequence in 0..<100 { #expect(forwarder.submit(sequence: UInt64(sequence), line: line(sequence)) == nil) }
        #expect(listener.waitForLines(100))
        let first = listener.stop()
        for sequence in 100..<300 { #expect(forwarder.submit(sequence: UInt64(sequence), line: line(sequence)) == nil) }
        usleep(500_000)
        #expect(forwarder.backlog == 200)
        listener = try LineListener(port: port)
        #expect(listener.waitForLines(200))
        #expect(forwarder.finish(timeout: .seconds(2)).isEmpty)
        let second = listener.stop()
        #expect(values(first) == Array(0..<100))
        #expect(values(second) == Array(100..<300))
        #expect(forwarder.connections == 2)
    }

    @Test func recordsBeyondTheBufferAreReportedExactlyAsAGap() throws {
        let port = freeTCPPort()
        let forwarder = RecordForwarder(endpoint: try SocketEndpoint(host: "127.0.0.1", port: port), limit: 50)
        for sequence in 0..<80 { #expect(forwarder.submit(sequence: UInt64(sequence), line: line(sequence)) == nil) }
        let listener = try LineListener(port: port)
        #expect(listener.waitForLines(50))
        let drained = ContinuousClock.now.advanced(by: .seconds(10))
        while forwarder.backlog > 0, ContinuousClock.now < drained { usleep(10_000) }
        let gap = forwarder.submit(sequence: 80, line: line(80))
        #expect(gap == DiodeGap(stream: .records, firstSequence: 50, lastSequence: 79, reason: .sinkOverflow))
        #expect(listener.waitForLines(51))
        #expect(forwarder.finish(timeout: .seconds(2)).isEmpty)
        #expect(values(listener.stop()) == Array(0..<50) + [80])
    }

    @Test func recordsLeftForASinkThatNeverReturnsAreReportedAtTheEnd() throws {
        let forwarder = RecordForwarder(endpoint: try SocketEndpoint(host: "127.0.0.1", port: freeTCPPort()), limit: 10)
        for sequence in [3, 4, 5, 9] { _ = forwarder.submit(sequence: UInt64(sequence), line: line(sequence)) }
        #expect(
            forwarder.finish(timeout: .milliseconds(300)) == [
                DiodeGap(stream: .records, firstSequence: 3, lastSequence: 5, reason: .sinkUnavailable),
                DiodeGap(stream: .records, firstSequence: 9, lastSequence: 9, reason: .sinkUnavailable),
            ])
    }
}

/// A TCP listener on loopback that accepts connections one after another and collects their lines.
final class LineListener: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private var connection: Int32 = -1
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        Thread.detachNewThread { [self] in serve() }
    }

    private func serve() {
        var pending = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !lock.withLock({ stopped }) {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let accepted = accept(descriptor, nil, nil)
            guard accepted >= 0 else { continue }
            lock.withLock { connection = accepted }
            while true {
                let count = chunk.withUnsafeMutableBytes { read(accepted, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                pending += chunk[0..<count]
                while let newline = pending.firstIndex(of: 0x0A) {
                    let text = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    lock.withLock { lines.append(text) }
                }
            }
        }
        finished.signal()
    }

    /// Waits (up to ten seconds) until `count` lines arrived.
    func waitForLines(_ count: Int) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            if lock.withLock({ lines.count }) >= count { return true }
            usleep(10_000)
        }
        return false
    }

    /// Closes the connection and the listening socket; returns every line received.
    func stop() -> [String] {
        lock.withLock {
            stopped = true
            if connection >= 0 { shutdown(connection, Int32(SHUT_RDWR)) }
        }
        finished.wait()
        lock.withLock { if connection >= 0 { close(connection) } }
        close(descriptor)
        return lock.withLock { lines }
    }
}
