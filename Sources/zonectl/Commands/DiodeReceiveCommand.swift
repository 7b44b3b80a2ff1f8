import ArgumentParser
import DataDiode
import DiodeServices
import Foundation

struct DiodeReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "DMZ side: receive from the diode, store verified files, forward records and syslog, report gaps.",
        discussion: """
            Events (sessions, gaps, files, telemetry) are JSON lines on standard error or --events.
            Exit code 1 when a gap was reported or a file could not be completed.
            """)

    @Option(help: "Address to receive datagrams on (HOST:PORT).")
    var listen: String

    @OptionGroup var link: DiodeLinkOptions

    @Option(help: "Folder verified files are stored in.")
    var out: String

    @Option(name: .customLong("records-to"), help: "Where historian records go: '-' (stdout), a file, or tcp://HOST:PORT.")
    var recordsTo: String?

    @Option(
        name: .customLong("records-buffer"),
        help: "Records kept for a tcp:// record sink while it reconnects; beyond this they are dropped and reported as a gap.")
    var recordsBuffer = 100_000

    @Option(name: .customLong("syslog-to"), help: "Forward syslog messages to HOST:PORT (UDP).")
    var syslogTo: String?

    @Option(help: "Append event JSON lines to this file instead of standard error.")
    var events: String?

    @Option(help: "Keep Prometheus text metrics in this file (node_exporter textfile format).")
    var metrics: String?

    @Option(name: .customLong("telemetry-interval"), help: "Seconds between telemetry lines.")
    var telemetryInterval = 10

    @Option(name: .customLong("exit-after-idle"), help: "Stop after this many seconds without datagrams.")
    var exitAfterIdle: Int?

    @Option(name: .customLong("exit-after-files"), help: "Stop once this many files were stored or given up.")
    var exitAfterFiles: Int?

    func run() throws {
        var options = DiodeReceiveService.Options(listen: try DiodeInput.endpoint(listen), key: try link.key(), output: out)
        options.configuration = try link.configuration()
        options.syslogTo = try syslogTo.map(DiodeInput.endpoint)
        options.eventsPath = events
        options.recordsBuffer = max(recordsBuffer, 1)
        options.metricsPath = metrics
        options.telemetryInterval = .seconds(max(telemetryInterval, 1))
        options.exitAfterIdle = exitAfterIdle.map { .seconds($0) }
        options.exitAfterFiles = exitAfterFiles
        switch recordsTo {
        case nil: break
        case "-": options.recordsTo = .standardOutput
        case let target? where target.hasPrefix("tcp://"): options.recordsTo = .tcp(try DiodeInput.tcpEndpoint(target)!)
        case let path?: options.recordsTo = .file(path)
        }
        StopSignal.install()
        let telemetry = try DiodeInput.check {
            let service = try DiodeReceiveService(options: options)
            return try service.run()
        }
        if telemetry.gaps > 0 || telemetry.filesFailed > 0 || telemetry.recordsUndelivered > 0 { throw ZoneCtlExit.findings }
    }
}
