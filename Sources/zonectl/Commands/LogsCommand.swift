import ArgumentParser
import Foundation
import LogAnalysis
import ZoneCore
import ZoneReport

struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Analyse firewall logs from a monitor-only rollout.",
        subcommands: [LogsAnalyzeCommand.self])
}

struct LogsAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find the logged flows that the enforced model would block, and the model change that would allow each.",
        discussion: """
            Reads Linux kernel log lines from nftables `log` rules, Cisco ASA syslog (106001, 106006, 106007, 106023, 106100,
            302013-302016) and FortiGate traffic logs, plain or gzip, in any order, in one pass. Unknown messages are counted
            and skipped; cut or malformed lines are reported with file and line. Exit code 1 when a flow would be blocked.
            """)

    @Option(help: "The model file (YAML).")
    var model: String

    @Argument(help: "Log files (plain or .gz).")
    var files: [String]

    @Option(help: "Leave out records before this time (2026-11-01 or 2026-11-01T08:00:00Z).")
    var since: String?

    @Option(help: "Leave out records after this time.")
    var until: String?

    @Option(help: "Year of syslog timestamps that carry none (default: this year).")
    var year: Int?

    @Flag(help: "Write JSON.")
    var json = false

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if let since, LogTime.parse(since) == nil { throw ValidationError("--since '\(since)' is not a date such as 2026-11-01 or 2026-11-01T08:00:00Z") }
        if let until, LogTime.parse(until) == nil { throw ValidationError("--until '\(until)' is not a date such as 2026-11-30 or 2026-11-30T18:00:00Z") }
    }

    func run() throws {
        let (loaded, _) = try ModelInput.load(model)
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            StandardStream.error("\(file): cannot read log file\n")
            throw ZoneCtlExit.invalidInput
        }
        let currentYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        var analyzer = LogAnalyzer(
            options: LogAnalysisOptions(
                since: since.flatMap { LogTime.parse($0) }, until: until.flatMap { LogTime.parse($0, endOfDay: true) }, defaultYear: year ?? currentYear))
        let progress = TerminalProgress()
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            analyzer.read(file: file) { progress.show(file: file, bytes: $0, total: size) }
        }
        progress.finish()
        let report = LogAnalysisReport(model: loaded, analyzer: analyzer)
        try OutputFile.write(json ? try JSONOutput.encode(report) : report.text, to: output)
        if !report.analysis.blocked.isEmpty { throw ZoneCtlExit.findings }
    }
}
