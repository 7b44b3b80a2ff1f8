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
