import Foundation
import Testing
import ZoneCompile
import ZoneCore

/// Fixture models, compiling them, and running the real peers (nft, ip, python, the zonectl binary).
enum Fixtures {
    static let modelNames = ["refinery-unit3", "dualstack-plant", "packaging-line"]

    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    /// The goldens in the source tree, so that record mode updates the files under version control.
    static var sourceGoldens: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/goldens")
    }

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// Loads a fixture model under its bare file name, so that headers do not depend on where tests run.
    static func model(_ name: String) throws -> ZoneModel {
        let data = try Data(contentsOf: directory.appendingPathComponent("models/\(name).yaml"))
        return try model(data: data, file: "\(name).yaml")
    }

    static func model(yaml: String, file: String = "inline.yaml") throws -> ZoneModel {
        try model(data: Data(yaml.utf8), file: file)
    }

    private static func model(data: Data, file: String) throws -> ZoneModel {
        let result = ModelLoader.load(data: data, file: file)
        let errors = result.findings.filter { $0.severity == .error }
        guard let model = result.model, errors.isEmpty else {
            throw FixtureError(message: "fixture \(file) does not load: \(errors.map(\.message))")
        }
        return model
    }

    static func compile(_ model: ZoneModel, _ platforms: [Platform], mode: EnforcementMode = .enforce) throws -> [String: String] {
        let result = try Compiler.compile(model, platforms: platforms, mode: mode)
        return Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.contents) })
    }

    static func file(_ files: [String: String], prefix: String) throws -> String {
        guard let match = files.first(where: { $0.key.hasPrefix(prefix) }) else {
            throw FixtureError(message: "no generated file under \(prefix); files: \(files.keys.sorted())")
        }
        return match.value
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A finished process: exit status and both outputs.
struct ProcessResult {
    let status: Int32
    let output: String
    let error: String
}

enum Peers {
    /// Runs a program to completion. Output goes through files so that a large output cannot fill a pipe.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> ProcessResult {
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
    static func tool(_ name: String) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw FixtureError(message: "\(name) is not installed; run scripts/test (it runs scripts/install-peers)")
    }

    static func environment(_ variable: String, what: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], FileManager.default.isExecutableFile(atPath: value) else {
            throw FixtureError(message: "\(variable) does not name \(what); run the tests with scripts/test")
        }
        return value
    }

    static func python() throws -> String { try environment("ZONECTL_PYTHON", what: "the test venv's python") }
    static func zonectl() throws -> String { try environment("ZONECTL_BINARY", what: "the built zonectl binary") }

    /// A scratch folder removed when `body` ends, whatever happens.
    static func withScratch<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
