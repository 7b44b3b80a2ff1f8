import Foundation
import Testing

/// Runs the test peers of scripts/test: the virtual environment's Python with zfec and reedsolo.
enum PythonPeer {
    /// Runs `script` with `arguments`; nil (and a recorded failure) when the peer is missing or fails.
    static func run(_ script: String, arguments: [String] = []) -> String? {
        guard let python = ProcessInfo.processInfo.environment["ZONECTL_PYTHON"] else {
            Issue.record("ZONECTL_PYTHON is not set: run the tests through scripts/test, which installs zfec and reedsolo")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            Issue.record("cannot start \(python): \(error)")
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python peer failed: \(errorText)")
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A temporary folder removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "zonectl-diode-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { "\(path)/\(name)" }
}
