import Foundation
import Testing
import ZoneCore

/// Models, peers and golden files for the diagram and HTML report tests.
enum DiagramFixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static var refineryPath: String { repositoryRoot.appendingPathComponent("examples/refinery-unit3.yaml").path }
    static var flaggedPath: String { testsDirectory.appendingPathComponent("Fixtures/flagged.yaml").path }

    static func load(path: String) throws -> ZoneModel {
        let result = ModelLoader.load(path: path)
        return try #require(result.model, "\(path) did not load: \(result.findings.prefix(3))")
    }

    /// A generated model (SyntheticModel) with `zones` zones and half again as many conduits.
    static func synthetic(zones: Int) throws -> ZoneModel {
        let yaml = SyntheticModel.yaml(zones: zones, assetsPerZone: 3, conduits: zones * 3 / 2)
        let result = ModelLoader.load(yaml: yaml, file: "synthetic-\(zones).yaml")
        return try #require(result.model)
    }

    /// A built program that scripts/test provides; missing is a failure that says how to get it.
    static func peer(_ variable: String, default fallback: String, name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment[variable]
            ?? (fallback.hasPrefix("/") ? fallback : repositoryRoot.appendingPathComponent(fallback).path)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("\(name) not found at \(path); run scripts/test, which installs and builds the test peers")
            throw MissingPeer(name: name)
        }
        return path
    }

    static func goldenURL(_ name: String) -> URL { testsDirectory.appendingPathComponent("Golden/\(name)") }

    /// Compares with Golden/`name`, or rewrites it when ZONECTL_RECORD_GOLDENS=1.
    static func expectGolden(_ actual: String, _ name: String) throws {
        if ProcessInfo.processInfo.environment["ZONECTL_RECORD_GOLDENS"] == "1" {
            try actual.write(to: goldenURL(name), atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: goldenURL(name), encoding: .utf8)
        #expect(actual == expected, "golden \(name) differs; ZONECTL_RECORD_GOLDENS=1 scripts/test rewrites it")
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-diagram-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs a program to the end and returns its status and output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outData, String(decoding: errData, as: UTF8.self))
    }
}

struct MissingPeer: Error {
    let name: String
}
