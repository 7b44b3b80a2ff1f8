import Foundation

/// Lines handed from reader threads (stdin, TCP, syslog socket) to the single sender thread.
package final class LineInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(stream: Kind, bytes: [UInt8])] = []
    private var openReaders = 0

    package enum Kind: Sendable {
        case record
        case syslog
    }

    package init() {}

    package func push(_ kind: Kind, _ bytes: [UInt8]) {
        lock.withLock { lines.append((kind, bytes)) }
    }

    package func take() -> [(stream: Kind, bytes: [UInt8])] {
        lock.withLock {
            defer { lines.removeAll(keepingCapacity: true) }
            return lines
        }
    }

    package func readerStarted() { lock.withLock { openReaders += 1 } }
    package func readerFinished() { lock.withLock { openReaders -= 1 } }
    package var allReadersFinished: Bool { lock.withLock { openReaders == 0 } }

    /// Reads newline-separated lines from `descriptor` until end of file.
    package func readLines(from descriptor: Int32, as kind: Kind) {
        var pending = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending += chunk[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if !line.isEmpty { push(kind, line) }
            }
        }
        if !pending.isEmpty { push(kind, pending) }
    }
}
