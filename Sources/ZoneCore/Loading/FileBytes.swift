import Foundation

/// A whole file read with plain system calls: for a model of a few hundred kilobytes, Foundation's reader costs
/// several times the read itself.
enum FileBytes {
    struct Failure: Error {
        let reason: String
    }

    static func contents(of path: String) -> Result<Data, Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(Failure(errno)) }
        guard status.st_mode & S_IFMT != S_IFDIR else { return .failure(Failure(EISDIR)) }
        // One byte more than the size, so that a file that grew while being read is noticed and read on.
        var data = Data(count: Int(max(status.st_size, 0)) + 1)
        var total = 0
        while true {
            if total == data.count { data.count += max(data.count, 4096) }
            let count = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(errno))
            }
            if count == 0 { break }
            total += count
        }
        data.count = total
        return .success(data)
    }
}

extension FileBytes.Failure {
    init(_ code: Int32) { reason = String(cString: strerror(code)) }
}
