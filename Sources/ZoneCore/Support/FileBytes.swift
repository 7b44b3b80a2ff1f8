import Foundation

/// Whole files read and written with plain system calls: for a model of a few hundred kilobytes and the
/// megabytes of configuration made from it, Foundation's readers and writers cost several times the system calls.
public enum FileBytes {
    /// A file that could not be read or written, with the system's reason.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String

        init(_ path: String, _ code: Int32) {
            self.path = path
            reason = String(cString: strerror(code))
        }

        public var description: String { "\(path): \(reason)" }
    }

    public static func contents(of path: String) -> Result<Data, Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(path, errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(Failure(path, errno)) }
        guard status.st_mode & S_IFMT != S_IFDIR else { return .failure(Failure(path, EISDIR)) }
        // One byte more than the size, so that a file that grew while being read (or a pipe, whose size is 0)
        // is noticed and read on.
        var data = Data(count: Int(max(status.st_size, 0)) + 1)
        var total = 0
        while true {
            if total == data.count { data.count += max(data.count, 4096) }
            let count = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(path, errno))
            }
            if count == 0 { break }
            total += count
        }
        data.count = total
        return .success(data)
    }

    /// A new file (created, or emptied first) holding `text`, without the per-file `fsync` Foundation adds.
    public static func write(_ text: String, toFile path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure(path, errno) }
        defer { close(descriptor) }
        try write(text, to: descriptor, path: path)
    }

    /// All of `text`'s bytes to an open descriptor, resumed after interruptions and short writes.
    public static func write(_ text: String, to descriptor: Int32, path: String) throws(Failure) {
        var text = text
        let code = text.withUTF8 { bytes -> Int32 in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if code != 0 { throw Failure(path, code) }
    }
}
