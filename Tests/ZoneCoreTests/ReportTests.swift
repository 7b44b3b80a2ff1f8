import Foundation
import Testing
import ZoneReport
@testable import ZoneCore

@Suite struct ReportTests {
    let model = ModelLoader.load(path: TestEnvironment.example).model!

    private func report(_ validation: ValidationResults? = nil) -> ImplementationReport {
        var relative = model
        relative.file = "examples/refinery-unit3.yaml"
        return ImplementationReport(model: relative, findings: Linter.lint(relative), validation: validation, date: "2026-11-26")
    }

    @Test func textReportFollowsTheSeedOutputFormat() throws {
        let text = try ReportFormat.text.render(report())
        try TestEnvironment.assertGolden(text, "refinery-report.txt")
        for line in ["IEC 62443 Zone Implementation Report", "Facility: Petrochemical Refinery - Unit 3", "Implementation Date: 2026-11-26",
                     "Standard: IEC 62443-3-2/3-3", "ZONE ARCHITECTURE:", "  Zone Z2-BPCS: Basic Process Control System (SL-T: 2)",
                     "    Assets: 19", "CONDUIT CONFIGURATION:", "  Conduit C1-BPCS-OPS: Z2-BPCS <-> Z3-OPS", "    Firewall Rules: 2 allow / 2 deny",
                     "    DPI Enabled: Yes", "VALIDATION RESULTS:", "  Protocol enforcement: not yet validated"] {
            #expect(text.contains(line + "\n"), "missing: \(line)")
        }
    }

    @Test func markdownAndJSONCarryTheSameFacts() throws {
        let markdown = try ReportFormat.markdown.render(report())
        try TestEnvironment.assertGolden(markdown, "refinery-report.md")
        let json = try ReportFormat.json.render(report())
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let conduits = try #require(decoded["conduits"] as? [[String: Any]])
        #expect(conduits.first?["allowRules"] as? Int == 2)
        #expect((decoded["validation"] as? [String: Any])?["validated"] as? Bool == false)
    }

    @Test func validationResultsAreSummarised() throws {
        let results = ValidationResults(environment: "testbed refinery", probes: [
            .init(category: .crossZone, name: "tcp/502", fromZone: "Z3-OPS", toZone: "Z2-BPCS", expected: "open", observed: "open", passed: true),
            .init(category: .prohibitedPath, name: "tcp/502", fromZone: "Z5-ENT", toZone: "Z2-BPCS", expected: "blocked", observed: "blocked", passed: true),
            .init(category: .prohibitedPath, name: "tcp/44818", fromZone: "Z5-ENT", toZone: "Z2-BPCS", expected: "blocked", observed: "open", passed: false),
            .init(category: .protocolEnforcement, name: "modbus write FC 6", fromZone: "Z3-OPS", toZone: "Z2-BPCS", expected: "refused", observed: "exception 01", passed: true),
        ])
        let text = try ReportFormat.text.render(report(results))
        #expect(text.contains("  Cross-zone tests: 2 passed / 1 failed\n"))
        #expect(text.contains("  Prohibited path tests: 1 of 2 NOT blocked: Z5-ENT -> Z2-BPCS tcp/44818: open\n"))
        #expect(text.contains("  Protocol enforcement: function code filtering verified (1 checks)\n"))
    }

    @Test func reportCommandReadsAValidationFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("results.json")
        let results = ValidationResults(probes: [.init(category: .prohibitedPath, name: "tcp/102", fromZone: "Z5-ENT", toZone: "Z2-BPCS", expected: "blocked", observed: "blocked", passed: true)])
        try JSONEncoder().encode(results).write(to: file)
        let run = try CommandRunner.zonectl("report", TestEnvironment.example, "--validation", file.path, "--date", "2026-11-26")
        #expect(run.status == 0)
        #expect(run.stdout.contains("  Prohibited path tests: all 1 blocked\n"))
        try Data("{\"probes\": 3}".utf8).write(to: file)
        let broken = try CommandRunner.zonectl("report", TestEnvironment.example, "--validation", file.path)
        #expect(broken.status == 2 && broken.stderr.contains("results.json: not a validation results file"))
    }
}

@Suite struct BaselineReportTests {
    /// A model proposed from a capture, reported with that capture's store: every observed flow is allowed.
    @Test func reportWithABaselineStore() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-baseline-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("plant.db").path
        let capture = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/FlowBaselineTests/Fixtures/captures/modbusSmall.pcap").path
        #expect(try CommandRunner.zonectl("baseline", "ingest", "--store", store, capture).status == 0)
        let proposed = try CommandRunner.zonectl("baseline", "propose", "--store", store)
        let model = directory.appendingPathComponent("proposed.yaml").path
        try proposed.stdout.write(toFile: model, atomically: true, encoding: .utf8)
        let report = try CommandRunner.zonectl("report", model, "--store", store, "--date", "2026-11-26")
        #expect(report.status == 0)
        #expect(report.stdout.contains("TRAFFIC BASELINE:\n  Source: \(store) (2014-05-20T00:53:19Z .. 2014-05-20T00:54:15Z)\n  Flows: 2 observed, 2 allowed by the conduits\n"))
        #expect(report.stdout.contains("WOULD BE BLOCKED WHEN ENFORCED:\n  Flows: 0 blocked, 0 with an address in no zone\n"))
        let example = try CommandRunner.zonectl("report", TestEnvironment.example, "--store", store, "--format", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(example.stdout.utf8)) as? [String: Any])
        #expect((json["baseline"] as? [String: Any])?["flowsObserved"] as? Int == 2)
        #expect(try CommandRunner.zonectl("report", TestEnvironment.example, "--store", directory.appendingPathComponent("none.db").path).status == 2)
    }
}
