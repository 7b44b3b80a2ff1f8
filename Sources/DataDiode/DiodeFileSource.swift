import Foundation

/// A file the sender reads chunk by chunk, so that files larger than memory can be sent.
package protocol DiodeFileSource: AnyObject {
    /// The name the receiver stores the file under (a plain file name, no directories).
    var name: String { get }
    var size: UInt64 { get }
    func read(offset: UInt64, count: Int) throws(DiodeError) -> [UInt8]
}

/// A file on disk, read with positional reads through a read-ahead window (chunks are small and sequential).
package final class DiskFile: DiodeFileSource {
    package let name: String
    package let size: UInt64
    private let descriptor: Int32
    private let path: String
    private var window: [UInt8] = []
    private var windowOffset: UInt64 = 0
    private static let windowSize = 1 << 20

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
    }

    deinit { close(descriptor) }

    package func read(offset: UInt64, count: Int) throws(DiodeError) -> [UInt8] {
        if offset < windowOffset || offset + UInt64(count) > windowOffset + UInt64(window.count) {
            let length = Int(min(UInt64(max(Self.windowSize, count)), size - min(size, offset)))
            guard length >= count else { throw DiodeError(.fileSystem, "\(path): read past the end at byte \(offset)") }
            window = try readDirect(offset: offset, count: length)
            windowOffset = offset
        }
        let start = Int(offset - windowOffset)
        return Array(window[start..<start + count])
    }

    private func readDirect(offset: UInt64, count: Int) throws(DiodeError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            guard result > 0 else { throw DiodeError(.fileSystem, "\(path): read failed at byte \(offset + UInt64(done))") }
            done += result
        }
        return bytes
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

    package func read(offset: UInt64, count: Int) throws(DiodeError) -> [UInt8] {
        Array(contents[Int(offset)..<Int(offset) + count])
    }
}
