import Foundation
import TestSupport
import Testbed
import ZoneCore

/// A testbed brought up with the built zonectl under a name unique to this test process; `down` in a defer.
struct TestbedRun {
    let name: String
    let model: String
    let zonectl: String

    static func fixture(_ file: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(file)").path
    }

    static var refinery: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/refinery-unit3.yaml").standardized.path
    }

    /// A name of at most 8 characters: a letter, the pid and a random suffix.
    static func uniqueName(_ letter: Character) -> String {
        "\(letter)\(getpid() % 10000)\(String(UInt16.random(in: 0...0xFF), radix: 16))"
    }

    init(model: String, letter: Character) throws {
        zonectl = try Peers.zonectl()
        self.model = model
        name = Self.uniqueName(letter)
    }

    func zonectl(_ arguments: String...) throws -> ProcessResult { try Peers.run(zonectl, arguments) }

    func up() throws -> ProcessResult { try zonectl("testbed", "up", model, "--name", name) }

    func down() { _ = try? zonectl("testbed", "down", name) }

    /// Runs verify with --json and decodes the results file.
    func verify() throws -> (ProcessResult, ValidationResults) {
        try Peers.withScratch { scratch in
            let json = scratch.appendingPathComponent("results.json").path
            let result = try zonectl("verify", model, "--testbed", name, "--json", json)
            guard FileManager.default.fileExists(atPath: json) else {
                throw FixtureError(message: "verify wrote no results (exit \(result.status)): \(result.error)\(result.output)")
            }
            return (result, try ValidationResults.read(path: json))
        }
    }

    func state() throws -> TestbedState { try TestbedState.read(name) }

    /// Runs a command inside one of the testbed's namespaces.
    func exec(_ namespace: String, _ arguments: [String]) throws -> ProcessResult {
        try Peers.run(try Peers.tool("ip"), ["netns", "exec", namespace] + arguments)
    }

    /// What is left of the testbed on the machine: namespaces with its prefix, live processes, its state folder.
    func leftovers(_ pids: [Int32]) throws -> [String] {
        let namespaces = try Peers.run(try Peers.tool("ip"), ["netns", "list"]).output
            .split(separator: "\n").filter { $0.hasPrefix("zt-\(name)-") }.map { "namespace \($0)" }
        let processes = pids.filter(Testbed.isAlive).map { "process \($0)" }
        let directory = FileManager.default.fileExists(atPath: TestbedState.directory(name)) ? ["directory \(TestbedState.directory(name))"] : []
        return namespaces + processes + directory
    }
}
