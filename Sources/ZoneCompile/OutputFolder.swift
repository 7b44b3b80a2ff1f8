import Foundation
import ZoneCore

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
                try FileBytes.write(file.contents, toFile: url.path)
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
            let reason = (error as? FileBytes.Failure)?.description ?? error.localizedDescription
            throw CompileError(.output, "cannot write output folder \(path): \(reason)")
        }
    }
}
