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

    private func paddedLine(_ sequence: Int, bytes: Int) -> [UInt8] {
        Array(#"{"tag":"FIC-1","pad":"\#(String(repeating: "x", count: bytes))","value":\#(sequence)}"#.utf8)
    }

    /// A sink that accepts but stops reading does not hold the forwarder (and the receiver) past its
    /// stop timeout: the write in progress gives up, and every record either reached the sink's
    /// connection or is reported, never both.
    @Test func aSinkThatStopsReadingCannotHoldFinishAndEveryRecordIsAccountedForOnce() throws {
        let port = freeTCPPort()
        let listener = try LineListener(port: port, reading: false)
        let forwarder = RecordForwarder(endpoint: try SocketEndpoint(host: "127.0.0.1", port: port), limit: 6000)
        // 24 MB, far more than the socket buffers of both ends hold.
        for sequence in 0..<6000 { #expect(forwarder.submit(sequence: UInt64(sequence), line: paddedLine(sequence, bytes: 4000)) == nil) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var gaps: [DiodeGap] = []
        Thread.detachNewThread {
            gaps = forwarder.finish(timeout: .milliseconds(500))
            done.signal()
        }
        // Only a guard against hanging the test run: without a send timeout finish never returns.
        #expect(done.wait(timeout: .now() + 60) == .success)
        listener.resumeReading()
        #expect(listener.waitForEndedConnections(1))
        let received = values(listener.stop())
        #expect(!received.isEmpty)
        #expect(received == Array(0..<received.count))
        #expect(gaps == [DiodeGap(stream: .records, firstSequence: UInt64(received.count), lastSequence: 5999, reason: .sinkUnavailable)])
    }

    /// The sink drops the connection in the middle of a batch. Records written in full before are not
    /// written again on the next connection; the sink receives no record twice and the rest in order.
    @Test func recordsWrittenBeforeABrokenConnectionAreNotSentAgain() throws {
        let port = freeTCPPort()
        let forwarder = RecordForwarder(endpoint: try SocketEndpoint(host: "127.0.0.1", port: port), limit: 2048)
        // Queued before the sink is there, so the first write is one full batch of 1024 16 KB records:
        // 16 MB, more than the socket buffers hold, so it is still under way when the sink goes away.
        for sequence in 0..<2048 { #expect(forwarder.submit(sequence: UInt64(sequence), line: paddedLine(sequence, bytes: 16_000)) == nil) }
        let listener = try LineListener(port: port, closeAfterLines: 100)
        #expect(listener.waitForEndedConnections(1))
        let drained = ContinuousClock.now.advanced(by: .seconds(10))
        while forwarder.backlog > 0, ContinuousClock.now < drained { usleep(10_000) }
        #expect(forwarder.finish(timeout: .seconds(2)).isEmpty)
        #expect(listener.waitForEndedConnections(2))
        let received = values(listener.stop())
        #expect(forwarder.connections == 2)
        #expect(Array(received.prefix(100)) == Array(0..<100))
        #expect(zip(received, received.dropFirst()).allSatisfy { $0 < $1 })
        #expect(received.last == 2047)
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
/// It can hold off reading (a sink that accepts but does not read) and can drop a connection after
/// a number of lines, with data still unread (a sink that goes away mid-stream).
final class LineListener: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private var connection: Int32 = -1
    private var stopped = false
    private var reading: Bool
    private var closeAfterLines: Int?
    private var endedConnections = 0
    private let finished = DispatchSemaphore(value: 0)

    init(port: UInt16, reading: Bool = true, closeAfterLines: Int? = nil) throws {
        self.reading = reading
        self.closeAfterLines = closeAfterLines
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
            reading: while true {
                while !lock.withLock({ reading || stopped }) { usleep(10_000) }
                let count = chunk.withUnsafeMutableBytes { read(accepted, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                pending += chunk[0..<count]
                while let newline = pending.firstIndex(of: 0x0A) {
                    let text = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    let dropNow = lock.withLock { () -> Bool in
                        lines.append(text)
                        guard let limit = closeAfterLines, lines.count >= limit else { return false }
                        closeAfterLines = nil
                        connection = -1
                        return true
                    }
                    if dropNow {
                        close(accepted)
                        break reading
                    }
                }
            }
            pending.removeAll()
            lock.withLock { endedConnections += 1 }
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

    /// Starts reading after `reading: false`.
    func resumeReading() { lock.withLock { reading = true } }

    /// Waits (up to ten seconds) until `count` connections have ended.
    func waitForEndedConnections(_ count: Int) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            if lock.withLock({ endedConnections }) >= count { return true }
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
