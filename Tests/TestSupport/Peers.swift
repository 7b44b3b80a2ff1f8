import Foundation

public struct FixtureError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// A finished process: exit status and both outputs.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let output: String
    public let error: String
}

/// The real peers the tests run: programs by name, the test venv python and the built zonectl.
public enum Peers {
    /// Runs a program to completion. Output goes through files so that a large output cannot fill a pipe.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let inURL = scratch.appendingPathComponent("in")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        }
        try process.run()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// A required program; a missing one fails the test with the fix.
    public static func tool(_ name: String) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw FixtureError(message: "\(name) is not installed; run scripts/test (it runs scripts/install-peers)")
    }

    public static func environment(_ variable: String, what: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], FileManager.default.isExecutableFile(atPath: value) else {
            throw FixtureError(message: "\(variable) does not name \(what); run the tests with scripts/test")
        }
        return value
    }

    public static func python() throws -> String { try environment("ZONECTL_PYTHON", what: "the test venv's python") }
    public static func zonectl() throws -> String { try environment("ZONECTL_BINARY", what: "the built zonectl binary") }

    /// A scratch folder removed when `body` ends, whatever happens.
    public static func withScratch<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
