import DataDiode
import Foundation

/// Delivers historian records to a TCP sink, in order, on a thread of its own. While the sink is away
/// (stopped, restarting, unreachable) records wait in a bounded buffer and the connection is retried;
/// records that arrive while the buffer is full are dropped, and exactly those are reported as a gap.
package final class RecordForwarder: @unchecked Sendable {
    /// Records buffered at most while the sink is away.
    package let limit: Int
    private let endpoint: SocketEndpoint
    private let condition = NSCondition()
    private var queue: [(sequence: UInt64, line: [UInt8])] = []
    private var head = 0
    private var overflow: (first: UInt64, last: UInt64)?
    private var stopping = false
    private var finished = false
    /// Whether the write loop is handing a batch to the sink (and may still advance `head`).
    private var writing = false
    private var reconnects = 0
    private var descriptor: Int32?

    package init(endpoint: SocketEndpoint, limit: Int) {
        self.endpoint = endpoint
        self.limit = limit
        Thread.detachNewThread { [self] in writeLoop() }
    }

    /// Queues one record. Returns the gap of records dropped before it, once the buffer has room again.
    package func submit(sequence: UInt64, line: [UInt8]) -> DiodeGap? {
        condition.withLock {
            guard queue.count - head < limit else {
                overflow = (overflow?.first ?? sequence, sequence)
                return nil
            }
            queue.append((sequence, line))
            condition.signal()
            return takeOverflowLocked()
        }
    }

    /// Records dropped since the last report, if any (call now and then so a long outage is reported).
    package func takeOverflowGap() -> DiodeGap? { condition.withLock { takeOverflowLocked() } }

    /// How often the sink connection was (re)established.
    package var connections: Int { condition.withLock { reconnects } }

    /// Records waiting for the sink.
    package var backlog: Int { condition.withLock { queue.count - head } }

    /// A write that makes no progress for this long is checked against `stopping`, so a sink that
    /// accepts but stops reading cannot hold the forwarder past ``finish(timeout:)``.
    private static let sendTimeout: Duration = .milliseconds(200)

    /// Waits for the buffer to drain, then stops, all within about `timeout` (a write in progress
    /// takes at most one send timeout to give up); returns the gaps of what was dropped and of what
    /// could not be delivered.
    package func finish(timeout: Duration) -> [DiodeGap] {
        let start = ContinuousClock.now
        let deadline = start.advanced(by: timeout)
        let drained = start.advanced(by: timeout - min(timeout, Self.sendTimeout))
        condition.lock()
        defer { condition.unlock() }
        while queue.count > head, ContinuousClock.now < drained { _ = condition.wait(until: Date().addingTimeInterval(0.05)) }
        stopping = true
        condition.broadcast()
        // A write in progress gives up within one send timeout. Connecting or waiting to retry delivers
        // nothing once `stopping` is set, so that is not waited for past the deadline.
        while writing || (!finished && ContinuousClock.now < deadline) { _ = condition.wait(until: Date().addingTimeInterval(0.05)) }
        var gaps = [DiodeGap]()
        if let gap = takeOverflowLocked() { gaps.append(gap) }
        // What is left is contiguous runs of sequence numbers; each is reported as one gap.
        var index = head
        while index < queue.count {
            var end = index
            while end + 1 < queue.count, queue[end + 1].sequence == queue[end].sequence + 1 { end += 1 }
            gaps.append(DiodeGap(stream: .records, firstSequence: queue[index].sequence, lastSequence: queue[end].sequence, reason: .sinkUnavailable))
            index = end + 1
        }
        return gaps
    }

    private func takeOverflowLocked() -> DiodeGap? {
        guard let dropped = overflow else { return nil }
        overflow = nil
        return DiodeGap(stream: .records, firstSequence: dropped.first, lastSequence: dropped.last, reason: .sinkOverflow)
    }

    private func writeLoop() {
        while true {
            condition.lock()
            while queue.count == head, !stopping { condition.wait() }
            if stopping {
                finished = true
                condition.broadcast()
                condition.unlock()
                break
            }
            let batch = Array(queue[head..<min(queue.count, head + 1024)])
            condition.unlock()
            guard let connection = connectedSocket() else {
                Duration.milliseconds(200).sleepThread()
                continue
            }
            guard condition.withLock({ () -> Bool in
                writing = !stopping
                return writing
            }) else { continue }
            var bytes = [UInt8]()
            var ends = [Int]()
            ends.reserveCapacity(batch.count)
            for record in batch {
                bytes.append(contentsOf: record.line)
                bytes.append(0x0A)
                ends.append(bytes.count)
            }
            let written = TCPConnection.write(connection, bytes, giveUp: { condition.withLock { stopping } })
            // Records written in full are not sent again; one written in part is, whole, on the next connection.
            let delivered = written == bytes.count ? batch.count : ends.prefix(while: { $0 <= written }).count
            if delivered < batch.count {
                close(connection)
                descriptor = nil
            }
            condition.withLock {
                head += delivered
                writing = false
                if head > 4096, head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                condition.broadcast()
            }
        }
        if let descriptor { close(descriptor) }
    }

    /// The open connection, or a new one when there is none or the sink has closed it. A sink that
    /// closed is noticed before writing, so records are not handed to a connection nobody reads.
    private func connectedSocket() -> Int32? {
        if let current = descriptor {
            if !TCPConnection.peerClosed(current) { return current }
            close(current)
            descriptor = nil
        }
        guard let fresh = TCPConnection.connect(to: endpoint, timeout: .seconds(1)) else { return nil }
        SocketTimeout.setSend(fresh, Self.sendTimeout)
        descriptor = fresh
        condition.withLock { reconnects += 1 }
        return fresh
    }
}
