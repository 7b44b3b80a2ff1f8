import Foundation
import Testing
@testable import ZoneCore

/// Each malformed model gets exactly one clear error with file:line:column, and the CLI exits with 2.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let rule: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "YAML syntax error", yaml: "zones:\n  - zone_id: Z1\n    name: [unclosed\n", rule: "ZC000", line: 4, column: 1, message: "YAML syntax error"),
        Case(name: "duplicate key", yaml: "zones:\n  - zone_id: Z1\n    purdue_level: 1\n    zone_id: Z2\n", rule: "ZC000", line: 4, column: 5, message: "duplicate key 'zone_id'"),
        Case(name: "two YAML documents", yaml: "zones: []\n---\nzones: []\n", rule: "ZC000", line: 2, column: 1, message: "one YAML document"),
        Case(name: "alias without anchor", yaml: "zones: *missing\n", rule: "ZC000", line: 1, column: 8, message: "alias *missing names no anchor"),
        Case(name: "tab in indentation", yaml: "zones:\n  - zone_id: Z1\n\tname: x\n", rule: "ZC000", line: 3, column: 1, message: "tab character in indentation"),
        Case(name: "zone referenced but not defined", yaml: base + "conduits:\n  - {conduit_id: C1, connects: [Z3-OPS, Z9-NOPE], security_level: SL 2}\n", rule: "ZC002", line: 5, column: 41, message: "connects zone 'Z9-NOPE', which is not defined"),
        Case(name: "conduit with one zone", yaml: base + "conduits:\n  - {conduit_id: C1, connects: [Z3-OPS], security_level: SL 2}\n", rule: "ZC003", line: 5, column: 32, message: "connects only Z3-OPS"),
        Case(name: "security level 5", yaml: "zones:\n  - {zone_id: Z1, purdue_level: 1, security_level_target: SL 5}\n", rule: "ZC004", line: 2, column: 59, message: "outside SL 1–4"),
        Case(name: "direction naming no zone", yaml: base + "conduits:\n  - conduit_id: C1\n    connects: [Z3-OPS, Z4-DMZ]\n    protocols_allowed:\n      - {protocol: HTTPS, direction: \"Z7 -> Z4\"}\n", rule: "ZC002", line: 8, column: 38, message: "matches no zone id"),
        Case(name: "bad Purdue level", yaml: "zones:\n  - {zone_id: Z1, purdue_level: 6, security_level_target: SL 1}\n", rule: "ZC004", line: 2, column: 33, message: "is not a Purdue level"),
    ]

    static let base = "zones:\n  - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2}\n  - {zone_id: Z4-DMZ, purdue_level: 3.5, security_level_target: SL 2}\n"

    @Test(arguments: cases)
    func oneClearErrorWithLocation(_ testCase: Case) throws {
        let result = ModelLoader.load(yaml: testCase.yaml, file: "model.yaml")
        #expect(result.isInvalid)
        let errors = result.findings.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.ruleID == testCase.rule)
        #expect(error.location == ZoneCore.SourceLocation(file: "model.yaml", line: testCase.line, column: testCase.column), "\(error)")
        #expect(error.message.contains(testCase.message), "\(error.message)")
    }

    @Test(arguments: cases)
    func commandLineExitsTwoWithLocatedMessage(_ testCase: Case) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model.yaml").path
        try testCase.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try CommandRunner.zonectl("lint", file)
        #expect(result.status == 2)
        #expect(result.stdout.contains("\(file):\(testCase.line):\(testCase.column): error[\(testCase.rule)]"), "\(result.stdout)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
    }

    @Test func missingFileIsInvalidInput() throws {
        let result = try CommandRunner.zonectl("lint", "/nonexistent/model.yaml")
        #expect(result.status == 2)
        #expect(result.stdout.contains("/nonexistent/model.yaml:1:1: error[ZC000]: cannot read model file"))
    }

    @Test func directoryIsInvalidInput() {
        let result = ModelLoader.load(path: FileManager.default.temporaryDirectory.path)
        #expect(result.isInvalid)
        #expect(result.findings.first?.message == "cannot read model file: \(String(cString: strerror(EISDIR)))")
    }

    /// A model read from a pipe, whose size is not known up front, is read whole.
    @Test func modelThroughAPipeIsReadWhole() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // Many zones, so that the text is longer than one read and than the buffer first reserved for it.
        let yaml = "zones:\n" + (1...400).map { "  - {zone_id: Z\($0), purdue_level: 1, security_level_target: SL 2}\n" }.joined()
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            handle.write(Data(yaml.utf8))
            try? handle.close()
        }
        writer.start()
        let result = ModelLoader.load(path: fifo)
        #expect(!result.isInvalid, "\(result.findings)")
        #expect(result.model?.zones.count == 400)
    }

    @Test func emptyFileIsInvalidInput() {
        let result = ModelLoader.load(yaml: "", file: "empty.yaml")
        #expect(result.isInvalid && result.findings.first?.message.contains("empty") == true)
    }

    @Test func unknownKeysAreWarningsNotDropsSilently() {
        let result = ModelLoader.load(yaml: "zones:\n  - {zone_id: Z1, purdue_level: 1, security_level_target: SL 2, colour: red}\n", file: "m.yaml")
        #expect(!result.isInvalid)
        #expect(result.findings.map(\.ruleID) == ["ZC005"])
        #expect(result.findings.first?.message.contains("colour") == true)
    }

    @Test func ambiguousShortZoneNameIsReported() {
        let yaml = "zones:\n  - {zone_id: Z3-A, purdue_level: 3, security_level_target: SL 2}\n  - {zone_id: Z3-B, purdue_level: 3, security_level_target: SL 2}\nconduits:\n  - conduit_id: C1\n    connects: [Z3-A, Z3-B]\n    protocols_allowed:\n      - {protocol: HTTPS, direction: \"Z3 -> Z3-B\"}\n"
        let result = ModelLoader.load(yaml: yaml, file: "m.yaml")
        #expect(result.findings.contains { $0.message.contains("could be any of Z3-A, Z3-B") })
    }

    /// Hostile and mutated models: the loader reports, never crashes.
    @Test func nastyInputsNeverCrash() throws {
        let directory = URL(fileURLWithPath: TestEnvironment.fixture("bad"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count >= 10)
        for name in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let result = ModelLoader.load(data: data, file: name)
            if let model = result.model {
                _ = Linter.lint(model)
                _ = AccessPolicy(model: model)
                _ = ReachabilityGraph(model: model).closure()
            }
        }
    }
}
