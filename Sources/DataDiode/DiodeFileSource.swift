import Foundation

/// A file the sender reads chunk by chunk, so that files larger than memory can be sent.
package protocol DiodeFileSource: AnyObject {
    /// The name the receiver stores the file under (a plain file name, no directories).
    var name: String { get }
    var size: UInt64 { get }
    /// Fills `target` with the bytes at `offset` (the sender reads straight into a datagram).
    func read(offset: UInt64, into target: UnsafeMutableRawBufferPointer) throws(DiodeError)
}

/// A file on disk, read with large positional reads into a reused window (chunks are small and sequential).
package final class DiskFile: DiodeFileSource {
    package let name: String
    package let size: UInt64
    private let descriptor: Int32
    private let path: String
    private var window: UnsafeMutableRawBufferPointer
    private var windowOffset: UInt64 = 0
    private var windowLength = 0
    // Small enough to stay in the second-level cache between the read and the copies out of it.
    private static let windowSize = 256 << 10

    package init(path: String, name: String? = nil) throws(DiodeError) {
        self.path = path
        self.name = name ?? URL(fileURLWithPath: path).lastPathComponent
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DiodeError(.fileSystem, "\(path): cannot open (\(String(cString: strerror(errno))))") }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw DiodeError(.fileSystem, "\(path): not a regular file")
        }
        size = UInt64(info.st_size)
        // The window is allocated on the first read, so that queued files cost no memory.
        window = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    deinit {
        close(descriptor)
        window.deallocate()
    }

    package func read(offset: UInt64, into target: UnsafeMutableRawBufferPointer) throws(DiodeError) {
        let count = target.count
        guard offset + UInt64(count) <= size else { throw DiodeError(.fileSystem, "\(path): read past the end at byte \(offset)") }
        if offset < windowOffset || offset + UInt64(count) > windowOffset + UInt64(windowLength) {
            if window.count < max(Self.windowSize, count) {
                window.deallocate()
                window = .allocate(byteCount: max(Self.windowSize, count), alignment: 64)
            }
            windowLength = Int(min(UInt64(window.count), size - offset))
            windowOffset = offset
            try readDirect(offset: offset, into: UnsafeMutableRawBufferPointer(rebasing: window[..<windowLength]))
        }
        let start = Int(offset - windowOffset)
        target.copyMemory(from: UnsafeRawBufferPointer(rebasing: window[start..<start + count]))
    }

    private func readDirect(offset: UInt64, into target: UnsafeMutableRawBufferPointer) throws(DiodeError) {
        var done = 0
        while done < target.count {
            let result = pread(descriptor, target.baseAddress! + done, target.count - done, off_t(offset) + off_t(done))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw DiodeError(.fileSystem, "\(path): read failed at byte \(offset + UInt64(done))") }
            done += result
        }
    }
}

/// File contents already in memory (a generated report, a captured buffer).
package final class MemoryFile: DiodeFileSource {
    package let name: String
    package let contents: [UInt8]
    package var size: UInt64 { UInt64(contents.count) }

    package init(name: String, contents: [UInt8]) {
        self.name = name
        self.contents = contents
    }

    package func read(offset: UInt64, into target: UnsafeMutableRawBufferPointer) throws(DiodeError) {
        contents.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset) + target.count])) }
    }
}
