import Foundation
import TestSupport
import Testing

/// Paths and peers that the tests use.
enum TestEnvironment {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    static var example: String { repositoryRoot.appendingPathComponent("examples/refinery-unit3.yaml").path }

    /// The zonectl binary that scripts/test builds; a missing binary is a failure, not a skip.
    static func zonectl() throws -> String {
        let path = ProcessInfo.processInfo.environment["ZONECTL_BINARY"]
            ?? repositoryRoot.appendingPathComponent(".build/debug/zonectl").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("zonectl binary not found at \(path); run scripts/test, which builds it")
            throw TestPeerMissing(name: "zonectl")
        }
        return path
    }

    /// The Python of the test virtual environment (pymodbus, jsonschema, …) that scripts/install-peers creates.
    static func python() throws -> String {
        let path = ProcessInfo.processInfo.environment["ZONECTL_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("test Python not found at \(path); run scripts/test, which installs the test peers")
            throw TestPeerMissing(name: "python")
        }
        return path
    }

    static var recordGoldens: Bool { ProcessInfo.processInfo.environment["ZONECTL_RECORD_GOLDENS"] == "1" }

    /// Compares `actual` with a golden file under Tests/ZoneCoreTests/Golden, or rewrites it in record mode.
    static func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if recordGoldens {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden \(name) differs; ZONECTL_RECORD_GOLDENS=1 scripts/test rewrites it", sourceLocation: sourceLocation)
    }
}

struct TestPeerMissing: Error {
    let name: String
}

/// Result of running a command.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CommandRunner {
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> CommandResult {
        let result = try Peers.run(executable, arguments, input: input)
        return CommandResult(status: result.status, stdout: result.output, stderr: result.error)
    }

    static func zonectl(_ arguments: String...) throws -> CommandResult {
        try run(try TestEnvironment.zonectl(), arguments)
    }
}
