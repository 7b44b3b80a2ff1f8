import Foundation
import Testing
import ZoneCore
@testable import LogAnalysis

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
private let examplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("examples/refinery-unit3.yaml").path

private func analyze(_ files: [String], model: ZoneModel? = nil, options: LogAnalysisOptions = LogAnalysisOptions(defaultYear: 2026)) throws -> LogAnalysisReport {
    let loaded = try model ?? #require(ModelLoader.load(path: examplePath).model)
    var analyzer = LogAnalyzer(options: options)
    for file in files { analyzer.read(file: fixtures.appendingPathComponent(file).path) }
    return LogAnalysisReport(model: loaded, analyzer: analyzer)
}

private func parse(_ text: String, _ parser: any LogLineParser.Type) -> ParseOutcome {
    Array(text.utf8).withUnsafeBufferPointer { parser.parse(ByteLine(bytes: $0), defaultYear: 2026) }
}

@Suite struct ASAParserTests {
    @Test func builtOutboundTakesTheInitiatorFromTheToSide() throws {
        let line = "Nov 26 2026 10:00:07: %ASA-6-302013: Built outbound TCP connection 1002 for zone-dmz:172.16.1.20/443 (172.16.1.20/443) to zone-ops:10.30.1.50/55000 (10.30.1.50/55000)"
        guard case .record(let record) = parse(line, ASALogParser.self) else {
            Issue.record("not parsed")
            return
        }
        #expect(record.source == IPAddress("10.30.1.50") && record.destination == IPAddress("172.16.1.20") && record.destinationPort == 443)
        #expect(record.messageID == "%ASA-302013" && record.transport == .tcp && record.action == .permitted)
        #expect(record.time == Timestamp.seconds(year: 2026, month: 11, day: 26, hour: 10, minute: 0, second: 7))
    }

    @Test func everyDocumentedMessageIsRead() throws {
        let report = try analyze(["asa.log"])
        #expect(report.statistics.records["asa"] == 11)
        #expect(report.statistics.skipped["ASA 305011"] == 1)
        #expect(report.statistics.skipped["ASA 106023 icmp"] == 1)
        #expect(report.statistics.malformed.map(\.line) == [16])
        let ports = Set(report.analysis.blocked.map { "\($0.transport)/\($0.port)" })
        #expect(ports == ["udp/123", "udp/161", "tcp/502", "tcp/3389", "tcp/443", "udp/2222", "tcp/44818", "udp/53"])
        #expect(report.analysis.unmapped.map(\.source) == ["fd00:40::5"])
    }

    @Test func ipv6AndInterfaceNamesWithColons() {
        let line = "%ASA-4-106023: Deny tcp src zone-ent:fd00:40::5/51514 dst zone-bpcs:fd00:20::10/502 by access-group \"ENT-IN\" [0x0, 0x0]"
        guard case .record(let record) = parse(line, ASALogParser.self) else {
            Issue.record("not parsed")
            return
        }
        #expect(record.source == IPAddress("fd00:40::5") && record.destination == IPAddress("fd00:20::10") && record.tag == "ENT-IN")
    }
}

@Suite struct OtherFormatTests {
    @Test func fortiGateTrafficLogs() throws {
        let report = try analyze(["fortigate.log"])
        #expect(report.statistics.records["fortigate"] == 3)
        #expect(report.statistics.skipped["fortigate logid 0100032001"] == 1)
        #expect(report.statistics.malformed.map(\.line) == [5])
        #expect(report.analysis.blocked.map { "\($0.source)>\($0.destination):\($0.transport)/\($0.port)" }.sorted() == ["10.40.1.5>PLC-01:tcp/502", "HIST-01>PLC-01:udp/502"])
    }

    @Test func kernelLogLinesFromSyslogJournalAndDmesg() throws {
        let report = try analyze(["kernel.log"])
        #expect(report.statistics.records["nftables"] == 3)
        #expect(report.statistics.skipped["kernel PROTO=ICMP"] == 1)
        #expect(report.statistics.unrecognised == 1)
        let ntp = try #require(report.analysis.blocked.first { $0.port == 123 })
        #expect(ntp.firstSeen == "2026-11-26T10:00:01Z")
        let line = "Nov 26 11:00:00 fw kernel: [ 1234.567890] zc-monitor Z5-ENT>Z2-BPCS no-conduit IN=a OUT=b SRC=10.40.1.5 DST=10.20.1.10 LEN=60 PROTO=TCP SPT=40000 DPT=502"
        guard case .record(let record) = parse(line, KernelLogParser.self) else {
            Issue.record("not parsed")
            return
        }
        #expect(record.tag == "zc-monitor Z5-ENT>Z2-BPCS no-conduit" && record.action == .permitted)
    }

    @Test func gzipFilesAndOneThatEndsEarly() throws {
        let whole = try analyze(["asa.log.gz"])
        #expect(whole.statistics.records["asa"] == 11 && whole.statistics.readProblems.isEmpty)
        let cut = try analyze(["asa-truncated.log.gz"])
        #expect(cut.statistics.readProblems.map(\.message) == ["the gzip file ends early"])
        #expect((cut.statistics.records["asa"] ?? 0) > 0, "lines before the cut are still analysed")
    }

    @Test func timeWindowAcrossFilesInAnyOrder() throws {
        let options = LogAnalysisOptions(since: LogTime.parse("2026-11-27"), until: nil, defaultYear: 2026)
        let report = try analyze(["kernel.log", "fortigate.log", "asa.log"], options: options)
        #expect(report.statistics.records == ["fortigate": 3, "nftables": 1])
        #expect(report.statistics.outsideWindow == 13)
        #expect(LogTime.parse("2026-11-27T08:00:00+02:00") == LogTime.parse("2026-11-27T06:00:00Z"))
        #expect(LogTime.parse("yesterday") == nil)
    }
}

@Suite struct SuggestionTests {
    @Test func flowsNoModelChangeShouldAllowAreViolations() throws {
        let report = try analyze(["asa.log"])
        let byKey = Dictionary(grouping: report.analysis.suggestions) { "\($0.fromZone)>\($0.toZone):\($0.service)" }
        #expect(byKey["Z5-ENT>Z2-BPCS:Modbus/TCP"]?.first?.kind == .violation)
        #expect(byKey["Z5-ENT>Z2-BPCS:Modbus/TCP"]?.first?.violations.contains { $0.hasPrefix("error[ZC030]") } == true)
        #expect(byKey["Z3-OPS>Z2-BPCS:RDP"]?.first?.violations.contains { $0.hasPrefix("error[ZC036]") } == true)
        #expect(byKey["Z3-OPS>Z2-BPCS:Modbus/TCP"]?.first?.violations.contains { $0.hasPrefix("error[ZC035]") } == true)
        #expect(byKey["Z3-OPS>Z2-BPCS:NTP"]?.first?.kind == .newChannel)
        #expect(byKey["Z3-OPS>Z4-DMZ:HTTPS"]?.first?.conduit == "C2-OPS-DMZ")
    }

    /// Pasting every suggested change into the model makes the same traffic allowed.
    @Test func applyingTheSuggestionsAllowsTheTraffic() throws {
        let report = try analyze(["asa.log", "fortigate.log"])
        var text = try String(contentsOfFile: examplePath, encoding: .utf8)
        let accepted = report.analysis.suggestions.filter { $0.kind == .newChannel }
        #expect(accepted.count >= 4)
        for suggestion in accepted {
            let conduit = try #require(suggestion.conduit)
            let anchor = "  - conduit_id: \"\(conduit)\""
            let start = try #require(text.range(of: anchor))
            let list = try #require(text.range(of: "    protocols_allowed:\n", range: start.upperBound..<text.endIndex))
            let entry = try #require(suggestion.yaml.split(separator: "\n").first { $0.hasPrefix("- ") })
            text.insert(contentsOf: "      \(entry)\n", at: list.upperBound)
        }
        let result = ModelLoader.load(yaml: text, file: "edited.yaml")
        let edited = try #require(result.model)
        #expect(!result.isInvalid, "\(result.findings.filter { $0.severity == .error })")
        #expect(Linter.lint(edited).filter { $0.severity == .error }.isEmpty)
        let after = try analyze(["asa.log", "fortigate.log"], model: edited)
        let remaining = after.analysis.suggestions.filter { $0.kind != .violation }
        #expect(remaining.isEmpty, "still blocked: \(remaining.map { "\($0.fromZone)>\($0.toZone) \($0.service)" })")
        #expect(after.analysis.suggestions.count == report.analysis.suggestions.count - accepted.count)
    }
}

@Suite struct ReportSectionTests {
    @Test func reportCommandShowsTheWouldBeBlockedSection() throws {
        let binary = ProcessInfo.processInfo.environment["ZONECTL_BINARY"] ?? URL(fileURLWithPath: examplePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/zonectl").path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "zonectl not built; run scripts/test")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonectl-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let analysis = directory.appendingPathComponent("analysis.json").path
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let analyzed = try run(["logs", "analyze", "--model", examplePath, fixtures.appendingPathComponent("asa.log").path, "--year", "2026", "--json", "-o", analysis])
        #expect(analyzed.0 == 1, "blocked flows give exit code 1")
        let report = try run(["report", examplePath, "--logs", analysis, "--date", "2026-11-26"])
        #expect(report.0 == 0)
        #expect(report.1.contains("WOULD BE BLOCKED WHEN ENFORCED:\n  Flows: 9 blocked, 1 with an address in no zone\n"))
        #expect(report.1.contains("  Suggestion: Modbus/TCP Z5-ENT -> Z2-BPCS: violation, do not allow\n"))
    }
}
