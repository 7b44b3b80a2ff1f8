import ArgumentParser
import DataDiode
import DiodeServices
import Foundation

struct DiodeSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "OT side: send files, historian records or syslog through the diode at a fixed rate.",
        discussion: "Events go to standard error as JSON lines. Ends when --file and stdin inputs are sent; runs until SIGTERM otherwise.")

    @Option(help: "Where datagrams go: the receiver behind the diode (HOST:PORT).")
    var to: String

    @OptionGroup var link: DiodeLinkOptions

    @Option(help: "Send every file appearing in this folder; a file is deleted once sent --repeat times.")
    var spool: String?

    @Option(help: "Send this file (repeatable).")
    var file: [String] = []

    @Option(name: .customLong("records-from"), help: "Historian JSON lines from '-' (stdin) or tcp://HOST:PORT (connects and reads).")
    var recordsFrom: String?

    @Option(name: .customLong("syslog-listen"), help: "Receive syslog datagrams on HOST:PORT and forward them.")
    var syslogListen: String?

    @Option(help: "Sending rate in bits per second (K, M, G suffixes).")
    var rate = "800M"

    @Option(help: "State file: session id and sequence numbers, so that a restart continues the numbering.")
    var state: String?

    @Option(name: .customLong("repeat"), help: "Send every file this many times (the receiver keeps one copy).")
    var repeatCount = 1

    @Option(
        name: .customLong("resend-after"),
        help: "Send every group again after this delay (2s, 500ms), within --rate; the receiver keeps one copy.")
    var resendAfter: String?

    @Option(name: .customLong("resend-count"), help: "How many extra copies of every group --resend-after sends (1-10).")
    var resendCount = 1

    func validate() throws {
        guard spool != nil || !file.isEmpty || recordsFrom != nil || syslogListen != nil else {
            throw ValidationError("give at least one input: --spool, --file, --records-from or --syslog-listen")
        }
        guard repeatCount >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        var options = DiodeSendService.Options(destination: try DiodeInput.endpoint(to), key: try link.key())
        options.configuration = try link.configuration()
        if let resendAfter {
            options.configuration.resend = try DiodeInput.check {
                let schedule = ResendSchedule(after: try ResendSchedule.parseDuration(resendAfter), count: resendCount)
                try schedule.validate()
                return schedule
            }
        }
        options.bitsPerSecond = try DiodeInput.check { try TokenBucket.parseRate(rate) }
        options.statePath = state
        options.spool = spool
        options.files = file
        options.repeatCount = repeatCount
        if let recordsFrom {
            if recordsFrom == "-" {
                options.recordsFrom = .standardInput
            } else if let endpoint = try DiodeInput.tcpEndpoint(recordsFrom) {
                options.recordsFrom = .tcp(endpoint)
            } else {
                throw ValidationError("--records-from takes '-' or tcp://HOST:PORT")
            }
        }
        options.syslogListen = try syslogListen.map(DiodeInput.endpoint)
        StopSignal.install()
        let service = DiodeSendService(options: options) { line in StandardStream.error(line + "\n") }
        try DiodeInput.check { try service.run() }
    }
}
