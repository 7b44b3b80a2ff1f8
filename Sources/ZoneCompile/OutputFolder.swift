import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes generated files into a temporary sibling folder and renames it into place, so a failed compile leaves
/// no output folder and a reader never sees half of one.
enum OutputFolder {
    static func write(_ files: [GeneratedFile], to path: String) throws(CompileError) {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let suffix = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(suffix)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(suffix)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try writeContents(file.contents, to: url.path)
            }
            let existed = manager.fileExists(atPath: target.path)
            if existed { try manager.moveItem(at: target, to: retired) }
            do {
                try manager.moveItem(at: staging, to: target)
            } catch {
                if existed { try? manager.moveItem(at: retired, to: target) }
                throw error
            }
            if existed { try? manager.removeItem(at: retired) }
        } catch {
            try? manager.removeItem(at: staging)
            let reason = (error as? FileWriteError)?.description ?? error.localizedDescription
            throw CompileError(.output, "cannot write output folder \(path): \(reason)")
        }
    }

    /// One `write` of the text's bytes, without the copy into `Data` and the per-file `fsync` that Foundation
    /// adds: the folder's atomicity comes from the rename, and a compile can always be run again.
    private static func writeContents(_ contents: String, to path: String) throws {
        #if canImport(Glibc)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileWriteError(path: path, code: errno) }
        defer { close(descriptor) }
        var text = contents
        try text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileWriteError(path: path, code: errno)
                }
                offset += written
            }
        }
        #else
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        #endif
    }
}

/// A file of the output folder could not be written: the path and the system's reason.
struct FileWriteError: Error, CustomStringConvertible {
    let path: String
    let code: Int32

    var description: String { "\(path): \(String(cString: strerror(code)))" }
}
