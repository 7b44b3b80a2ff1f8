import Foundation
import LogAnalysis
import TestSupport
import Testing
import ZoneCompile
import ZoneCore

/// The monitor-only rollout end to end: monitor-mode nftables in a namespace router logs out-of-conduit traffic,
/// `logs analyze` reads those real kernel log lines and suggests model changes, and the model with the changes,
/// compiled in enforce mode, lets exactly that traffic through.
@Suite(.serialized) struct MonitorRolloutTests {
    @Test func kernelLogOfMonitorModeGivesChangesThatEnforceModeAllows() throws {
        let fixture = Fixtures.directory.appendingPathComponent("models/netns-router.yaml")
        var text = try String(contentsOf: fixture, encoding: .utf8)
        let model = try Fixtures.model(yaml: text, file: "netns-router.yaml")
        let restoreLogging = try NamespaceLab.enableNamespaceLogging()
        defer { restoreLogging() }
        let lab = try NamespaceLab(model: model)
        defer { lab.tearDown() }
        try lab.load(ruleset: try Fixtures.file(try Fixtures.compile(model, [.nftables], mode: .monitor), prefix: "nftables/"))
        let port = UInt16.random(in: 40000...49999)
        try lab.startServers("tcp:\(port),udp:\(port)")
        let hmi = try #require(IPAddress("198.18.1.10"))
        let historian = try #require(IPAddress("198.18.2.10"))
        let mirror = try #require(IPAddress("198.18.3.10"))
        let needed = [
            NamespaceLab.Probe(transport: .tcp, source: hmi, destination: historian, port: port),
            NamespaceLab.Probe(transport: .udp, source: mirror, destination: historian, port: port),
        ]
        let unrelated = NamespaceLab.Probe(transport: .tcp, source: historian, destination: hmi, port: port)
        #expect(try lab.probe(needed).values.allSatisfy { $0 }, "monitor mode must let the traffic through")

        // The kernel log lines of this run, as an operator would export them.
        let kernelLog = try Peers.run(try Peers.tool("dmesg"), []).output.split(separator: "\n")
            .filter { $0.contains("zonectl monitor") && $0.contains("DPT=\(port) ") }
        #expect(kernelLog.count >= 2)
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-kernel-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: logFile) }
        try Data((kernelLog.joined(separator: "\n") + "\n").utf8).write(to: logFile)
        var analyzer = LogAnalyzer(options: LogAnalysisOptions(defaultYear: 2026))
        analyzer.read(file: logFile.path)
        let report = LogAnalysisReport(model: model, analyzer: analyzer)
        #expect(report.statistics.records["nftables"] == kernelLog.count)
        let suggestions = report.analysis.suggestions
        #expect(suggestions.count == 2 && suggestions.allSatisfy { $0.kind == .newChannel }, "\(suggestions)")

        // Paste each suggested channel under its conduit, as the report says.
        for suggestion in suggestions {
            let conduit = try #require(suggestion.conduit)
            let anchor = try #require(text.range(of: "conduit_id: \"\(conduit)\""))
            let list = try #require(text.range(of: "    channels:\n", range: anchor.upperBound..<text.endIndex))
            let entry = try #require(suggestion.yaml.split(separator: "\n").first { $0.hasPrefix("- ") })
            text.insert(contentsOf: "      \(entry)\n", at: list.upperBound)
        }
        let changed = try Fixtures.model(yaml: text, file: "netns-router-changed.yaml")
        try lab.load(ruleset: try Fixtures.file(try Fixtures.compile(changed, [.nftables], mode: .enforce), prefix: "nftables/"))
        let after = try lab.probe(needed + [unrelated])
        for probe in needed { #expect(after[probe] == true, "\(probe) still blocked after applying the suggestions") }
        #expect(after[unrelated] == false, "enforce mode must still block what no suggestion allowed")
    }
}
