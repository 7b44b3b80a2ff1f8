import Crypto
import Foundation

/// Writes the files of the files stream into an output folder. Chunks arrive in order (the receiver
/// guarantees it), are appended to a hidden temporary file and hashed; only a file whose size and
/// SHA-256 match its end item is renamed into place. Anything else is deleted and reported.
package final class FileAssembler {
    package struct Outcome: Equatable, Sendable, Codable {
        package enum Status: String, Codable, Sendable {
            case completed
            case failed
        }

        package var fileID: UInt64
        /// Nil when neither the begin nor the end item of the file arrived.
        package var name: String?
        package var status: Status
        package var reason: String
        package var size: UInt64?
    }

    private struct OpenFile {
        let id: UInt64
        let name: String
        let size: UInt64
        let chunkCount: UInt32
        let temporaryPath: String
        let descriptor: Int32
        var nextChunk: UInt32 = 0
        var written: UInt64 = 0
        var hasher = SHA256()
        /// Chunks not yet written; flushed in large writes.
        var pending: [UInt8] = []
    }

    private static let flushSize = 1 << 20

    package let directory: String
    private var current: OpenFile?
    private var completedIDs: [UInt64] = []
    private var failedIDs: Set<UInt64> = []

    package init(directory: String) throws(DiodeError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiodeError(.fileSystem, "\(directory): the output folder does not exist")
        }
        self.directory = directory
        // Partial files of a receiver that stopped mid-file can never be completed.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(Self.partialPrefix) {
            unlink("\(directory)/\(name)")
        }
    }

    private static let partialPrefix = ".zonectl-partial-"

    deinit {
        if let current { discard(current) }
    }

    /// Applies a receiver event: file items and gaps in the files stream; other events are not its concern.
    package func handle(_ event: DiodeEvent) -> [Outcome] {
        switch event {
        case .file(let item): apply(item)
        case .gap(let gap) where gap.stream == .files: lost(gap)
        default: []
        }
    }

    /// Applies one in-order file item.
    package func apply(_ item: FileItem) -> [Outcome] {
        switch item {
        case .begin(let id, let size, let chunkCount, let name):
            var outcomes = [Outcome]()
            if let open = current { outcomes.append(fail(open, "no end item before the next file")) }
            if completedIDs.contains(id) { return outcomes }
            failedIDs.remove(id)
            guard FileNames.isSafe(name) else {
                failedIDs.insert(id)
                return outcomes + [Outcome(fileID: id, name: name, status: .failed, reason: "unsafe file name", size: size)]
            }
            let temporary = "\(directory)/\(Self.partialPrefix)\(String(id, radix: 16))"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard descriptor >= 0 else {
                failedIDs.insert(id)
                return outcomes + [Outcome(fileID: id, name: name, status: .failed, reason: "cannot create \(temporary)", size: size)]
            }
            current = OpenFile(id: id, name: name, size: size, chunkCount: chunkCount, temporaryPath: temporary, descriptor: descriptor)
            return outcomes
        case .chunk(let id, let index, let data):
            guard var open = current, open.id == id else { return [] }
            // Release the stored copy so that appending to the pending buffer does not copy it.
            current = nil
            guard index == open.nextChunk, open.written + UInt64(data.count) <= open.size else {
                return [fail(open, "chunk \(index) out of order")]
            }
            open.pending += data
            if open.pending.count >= Self.flushSize {
                guard flush(&open) else { return [fail(open, "write failed: \(String(cString: strerror(errno)))")] }
            }
            open.hasher.update(data: data)
            open.nextChunk += 1
            open.written += UInt64(data.count)
            current = open
            return []
        case .end(let id, let size, let chunkCount, let digest, let name):
            guard let open = current, open.id == id else {
                if completedIDs.contains(id) || failedIDs.contains(id) { return [] }
                failedIDs.insert(id)
                return [Outcome(fileID: id, name: name, status: .failed, reason: "its beginning was not received", size: size)]
            }
            guard open.nextChunk == chunkCount, open.written == size, open.size == size else {
                return [fail(open, "\(open.written) of \(size) bytes received")]
            }
            guard Array(open.hasher.finalize()) == digest else { return [fail(open, "SHA-256 mismatch")] }
            return [finish(open)]
        }
    }

    /// A gap in the files stream: the file being received cannot be completed.
    package func lost(_ gap: DiodeGap) -> [Outcome] {
        guard let open = current else { return [] }
        return [fail(open, "files sequence \(gap.firstSequence)-\(gap.lastSequence) lost")]
    }

    private func flush(_ open: inout OpenFile) -> Bool {
        var offset = 0
        while offset < open.pending.count {
            let written = open.pending.withUnsafeBytes { write(open.descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        open.pending.removeAll(keepingCapacity: true)
        return true
    }

    private func finish(_ open: OpenFile) -> Outcome {
        var open = open
        current = nil
        let target = "\(directory)/\(open.name)"
        guard flush(&open), fsync(open.descriptor) == 0, close(open.descriptor) == 0, rename(open.temporaryPath, target) == 0 else {
            unlink(open.temporaryPath)
            failedIDs.insert(open.id)
            return Outcome(fileID: open.id, name: open.name, status: .failed, reason: "cannot store \(target)", size: open.size)
        }
        completedIDs.append(open.id)
        if completedIDs.count > 4096 { completedIDs.removeFirst() }
        return Outcome(fileID: open.id, name: open.name, status: .completed, reason: "SHA-256 verified", size: open.size)
    }

    private func fail(_ open: OpenFile, _ reason: String) -> Outcome {
        current = nil
        discard(open)
        failedIDs.insert(open.id)
        return Outcome(fileID: open.id, name: open.name, status: .failed, reason: reason, size: open.size)
    }

    private func discard(_ open: OpenFile) {
        close(open.descriptor)
        unlink(open.temporaryPath)
    }
}
