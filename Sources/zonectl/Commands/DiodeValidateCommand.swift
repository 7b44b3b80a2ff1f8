import ArgumentParser
import DataDiode
import DiodeServices
import Foundation

struct DiodeValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a diode link: forward probes arrive, reverse traffic is unanswered, forward latency.",
        discussion: "Exit code 0 when every test passes, 1 on FAIL or CRITICAL_FAIL.")

    @Option(help: "The OT-side address (HOST:PORT) reverse probes are aimed at.")
    var tx: String

    @Option(help: "The DMZ-side address (HOST:PORT) forward probes are sent to.")
    var rx: String

    @Option(name: .customLong("listen-rx"), help: "Where forward probes are observed (default: --rx).")
    var listenRx: String?

    @Option(name: .customLong("ot-netns"), help: "Network namespace of the OT side, when both sides are on this machine.")
    var otNetns: String?

    @Option(name: .customLong("dmz-netns"), help: "Network namespace of the DMZ side.")
    var dmzNetns: String?

    @Option(help: "Forward probes to send.")
    var probes = 20

    @Option(help: "Write the report as JSON to this file.")
    var json: String?

    func run() throws {
        var options = DiodeValidator.Options(tx: try DiodeInput.endpoint(tx), rx: try DiodeInput.endpoint(rx))
        options.listenRx = try listenRx.map(DiodeInput.endpoint)
        options.otNamespace = otNetns
        options.dmzNamespace = dmzNetns
        options.probes = max(probes, 1)
        let report = try DiodeInput.check { try DiodeValidator(options: options).run() }
        print(report.text, terminator: "")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try DiodeInput.check {
                do { try AtomicFile.write(try encoder.encode(report), to: json) } catch {
                    throw DiodeError(.socket, "\(json): cannot write the report (\(error))")
                }
            }
        }
        if !report.passed { throw ZoneCtlExit.findings }
    }
}
