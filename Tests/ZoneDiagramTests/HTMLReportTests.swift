import Foundation
import Testing
import ZoneCore
import ZoneReport

@Suite struct HTMLReportTests {
    private func report(_ path: String, validation: ValidationResults? = nil, baseline: BaselineSummary? = nil) throws -> ImplementationReport {
        var model = try DiagramFixtures.load(path: path)
        model.file = URL(fileURLWithPath: path).lastPathComponent
        return ImplementationReport(model: model, findings: Linter.lint(model), validation: validation, date: "2026-11-26", baseline: baseline)
    }

    @Test func pageIsSelfContainedAndAccessible() throws {
        let html = try ReportFormat.html.render(try report(DiagramFixtures.refineryPath))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        for forbidden in ["<script", "<link", "src=\"http", "href=\"http", "@import", "@font-face", "url("] {
            #expect(!html.contains(forbidden), "\(forbidden) would load something")
        }
        #expect(html.contains("@media print"))
        #expect(html.contains("<h1>IEC 62443 Zone Implementation Report</h1>"))
        for heading in ["Summary", "Zone and conduit diagram", "Zone architecture", "Conduit configuration", "Lint findings", "Validation results"] {
            #expect(html.contains(">\(heading)</h2>"), "missing section \(heading)")
        }
        #expect(html.contains("<th scope=\"col\">Allow rules</th>") && html.contains("<th scope=\"row\">C1-BPCS-OPS</th><td>Z2-BPCS ↔ Z3-OPS</td><td>2</td>"))
        #expect(html.contains("<td>2</td><td>2</td><td>Yes</td><td>No</td>"), "C1 has 2 allow and 2 deny rules, DPI, no diode")
        #expect(html.contains("role=\"img\" aria-labelledby=\"diagram-title diagram-desc\""))
    }

    @Test func findingsCarryTheirIEC62443References() throws {
        let report = try report(DiagramFixtures.flaggedPath)
        let html = try ReportFormat.html.render(report)
        let bypass = try #require(report.findings.first { $0.ruleID == "ZC030" })
        let references = try #require(RuleCatalog.rule(bypass.ruleID)?.references)
        #expect(!references.isEmpty)
        for reference in references { #expect(html.contains("<li>\(reference)</li>")) }
        #expect(html.contains("<tr class=\"severity-error\"><th scope=\"row\">ZC030</th>"))
        #expect(html.contains("Control with a &quot;quoted&quot; &amp; &lt;odd&gt; name"))
    }

    @Test func baselineBlockedFlowsAndValidationAreShownWhenGiven() throws {
        let model = try DiagramFixtures.load(path: DiagramFixtures.refineryPath)
        let baseline = BaselineSummary(
            source: "unit3-week1.pcap", flowsObserved: 12, flowsAllowed: 11, unusedChannels: ["C3-DMZ-ENT: RDP tcp/3389 Z5-ENT -> Z4-DMZ"])
        let observed = ObservedFlow(
            source: try #require(IPAddress("10.40.1.7")), destination: try #require(IPAddress("10.20.1.10")), transport: .tcp, port: 502,
            count: 40, firstSeen: nil, lastSeen: nil)
        let blocked = BlockedFlowAnalysis(model: model, flows: [observed])
        #expect(blocked.blocked.count == 1)
        let validation = ValidationResults(environment: "testbed", probes: [
            .init(category: .prohibitedPath, name: "tcp/502", fromZone: "Z5-ENT", toZone: "Z2-BPCS", expected: "blocked", observed: "blocked", passed: true),
        ])
        let report = ImplementationReport(
            model: model, findings: Linter.lint(model), validation: validation, date: "2026-11-26", wouldBeBlocked: blocked, baseline: baseline)
        let html = try ReportFormat.html.render(report)
        #expect(html.contains(">Traffic baseline</h2>") && html.contains("12 flows observed in unit3-week1.pcap: 11 allowed by the conduits."))
        #expect(html.contains("<li>C3-DMZ-ENT: RDP tcp/3389 Z5-ENT -&gt; Z4-DMZ</li>"))
        #expect(html.contains(">Would be blocked when enforced</h2>"))
        #expect(html.contains("<td>Z5-ENT → Z2-BPCS</td><td>tcp/502</td>"))
        #expect(html.contains("<th scope=\"row\">Prohibited path tests</th><td>all 1 blocked</td>"))
        let json = try ReportFormat.json.render(report)
        #expect(json.contains("\"unusedChannels\"") && json.contains("\"wouldBeBlocked\"") && !json.contains("diagramSVG"))
        let plain = try ReportFormat.json.render(try self.report(DiagramFixtures.refineryPath))
        #expect(!plain.contains("\"baseline\"") && !plain.contains("\"wouldBeBlocked\""), "JSON without them is unchanged")
        let without = try ReportFormat.html.render(try self.report(DiagramFixtures.refineryPath))
        #expect(!without.contains(">Traffic baseline</h2>") && !without.contains(">Would be blocked when enforced</h2>"))
    }

    /// Opens the report in headless Chromium with no network: no console errors, no request, a non-blank
    /// screenshot, and every zone id in the SVG as the browser parsed it.
    @Test(arguments: [DiagramFixtures.refineryPath, DiagramFixtures.flaggedPath])
    func chromiumRendersTheReportWithoutErrorsOrRequests(_ modelPath: String) throws {
        let python = try DiagramFixtures.peer("ZONECTL_PYTHON", default: ".venv/bin/python", name: "the test Python (.venv)")
        let chromium = try DiagramFixtures.peer("ZONECTL_CHROMIUM", default: "/usr/bin/chromium", name: "chromium")
        let directory = try DiagramFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let report = try report(modelPath)
        try ReportFormat.html.render(report).write(to: page, atomically: true, encoding: .utf8)
        let screenshot = directory.appendingPathComponent("report.png")
        let script = DiagramFixtures.testsDirectory.appendingPathComponent("browser_check.py").path
        let run = try DiagramFixtures.run(python, [script, "--chromium", chromium, "--page", page.path, "--screenshot", screenshot.path])
        #expect(run.status == 0, "browser check failed: \(run.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any], "no result: \(run.stderr)")
        #expect((result["console_errors"] as? [String]) == [], "console: \(result["console_errors"] ?? "")")
        #expect((result["requests"] as? [String]) == [], "requests left the page: \(result["requests"] ?? "")")
        #expect((result["loaded"] as? Bool) == true)
        let zoneIDs = try #require(result["svg_zone_ids"] as? [String])
        #expect(zoneIDs == report.zones.map(\.id))
        let svgText = try #require(result["svg_text"] as? String)
        for zone in report.zones { #expect(svgText.contains(zone.id)) }
        #expect((result["colors"] as? Int ?? 0) >= 8, "screenshot looks blank: \(result["colors"] ?? "")")
        #expect((result["non_white_fraction"] as? Double ?? 0) > 0.05)
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
    }
}
