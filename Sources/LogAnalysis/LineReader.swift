import CZlib
import Foundation

/// Where reading a log file stopped early, and why; the lines before it were analysed.
public struct LogReadProblem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// Streams the lines of a plain or gzip-compressed log file in fixed-size chunks, so memory does not grow with the file.
/// Concatenated gzip members (as rotated logs often are) are read one after another.
public struct LineReader {
    public let path: String
    public var chunkSize = 1 << 20

    public init(path: String) { self.path = path }

    /// Calls `body` with each line (without its newline) and its 1-based number; returns a problem if the file could not
    /// be read to its end.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> LogReadProblem? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return LogReadProblem(file: path, line: 0, message: "cannot open the file")
        }
        defer { try? handle.close() }
        var splitter = LineSplitter()
        let head = (try? handle.read(upToCount: 2)) ?? Data()
        try? handle.seek(toOffset: 0)
        if head.count == 2 && head[head.startIndex] == 0x1f && head[head.startIndex + 1] == 0x8b {
            if let problem = inflate(handle, into: &splitter, body) {
                splitter.finish(body)
                return LogReadProblem(file: path, line: splitter.lineNumber, message: problem)
            }
        } else {
            while let chunk = try? handle.read(upToCount: chunkSize), !chunk.isEmpty {
                chunk.withUnsafeBytes { splitter.feed($0.bindMemory(to: UInt8.self), body) }
            }
        }
        splitter.finish(body)
        return nil
    }

    private func inflate(
        _ handle: FileHandle, into splitter: inout LineSplitter, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) -> String? {
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { return "cannot start gzip decompression" }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: chunkSize)
        var streamEnded = false
        while let chunk = try? handle.read(upToCount: chunkSize), !chunk.isEmpty {
            var input = [UInt8](chunk)
            let failure: String? = input.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                while stream.avail_in > 0 {
                    if streamEnded {
                        // Another gzip member follows the one that ended.
                        guard inflateReset(&stream) == Z_OK else { return "gzip member could not be restarted" }
                        streamEnded = false
                    }
                    let status: Int32 = output.withUnsafeMutableBufferPointer { outputBuffer in
                        stream.next_out = outputBuffer.baseAddress
                        stream.avail_out = UInt32(outputBuffer.count)
                        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        splitter.feed(UnsafeBufferPointer(rebasing: outputBuffer[..<(outputBuffer.count - Int(stream.avail_out))]), body)
                        return status
                    }
                    switch status {
                    case Z_STREAM_END: streamEnded = true
                    case Z_OK, Z_BUF_ERROR: continue
                    default: return "corrupt gzip data (zlib status \(status))"
                    }
                }
                return nil
            }
            if let failure { return failure }
        }
        return streamEnded ? nil : "the gzip file ends early"
    }
}

/// Cuts a byte stream into lines across chunk boundaries.
struct LineSplitter {
    private var pending: [UInt8] = []
    private(set) var lineNumber = 0

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
            let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            lineNumber += 1
            if pending.isEmpty {
                body(UnsafeBufferPointer(start: base + start, count: end - start), lineNumber)
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                pending.withUnsafeBufferPointer { body($0, lineNumber) }
                pending.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
        if start < bytes.count { pending.append(contentsOf: UnsafeBufferPointer(start: base + start, count: bytes.count - start)) }
    }

    mutating func finish(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard !pending.isEmpty else { return }
        lineNumber += 1
        pending.withUnsafeBufferPointer { body($0, lineNumber) }
        pending.removeAll()
    }
}
