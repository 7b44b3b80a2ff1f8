import ArgumentParser
import BaselineStore
import FlowBaseline
import Foundation

struct BaselineIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add pcap/pcapng captures (or Zeek conn.log/modbus.log) to the baseline; '-' reads a capture from stdin.")

    @OptionGroup var storeOption: StoreOption

    @Argument(help: "Capture files, Zeek logs, or '-' for a capture on standard input.")
    var inputs: [String]

    func run() throws {
        let store: BaselineStore
        do { store = try BaselineStore(path: storeOption.store) } catch {
            StandardStream.error("zonectl: \(error)\n")
            throw ZoneCtlExit.invalidInput
        }
        var failed = false
        for input in inputs {
            do {
                try ingest(input, into: store)
            } catch let error as CaptureError {
                StandardStream.error("\(input): \(error)\n")
                failed = true
            } catch let error as ZeekLogError {
                StandardStream.error("\(input): \(error)\n")
                failed = true
            } catch {
                StandardStream.error("\(input): \(error)\n")
                failed = true
            }
        }
        if failed { throw ZoneCtlExit.invalidInput }
    }

    private func ingest(_ input: String, into store: BaselineStore) throws {
        if input != "-", ZeekLogReader.looksLikeZeekLog(path: input) {
            let text = try String(contentsOfFile: input, encoding: .utf8)
            let aggregator = TrafficAggregator()
            let rows = try ZeekLogReader.read(text, into: aggregator)
            let digest = ContentHash.of(Array(text.utf8))
            let added = try store.merge(flows: aggregator.flows, macs: aggregator.macs,
                                        capture: CaptureEntry(contentHash: digest, name: input, bytes: UInt64(text.utf8.count), packets: rows))
            report(input, added: added, detail: "\(rows) log rows, \(aggregator.flows.count) flows")
            return
        }
        let descriptor: Int32 = input == "-" ? 0 : open(input, O_RDONLY)
        guard descriptor >= 0 else {
            throw CaptureError(.readFailed, at: 0, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var total: UInt64 = 0
        var stats = stat()
        if fstat(descriptor, &stats) == 0, stats.st_mode & S_IFMT == S_IFREG { total = UInt64(stats.st_size) }
        let progress = ProgressLine(total: total)
        let source = HashingSource(FileDescriptorSource(descriptor: descriptor))
        let reader = CaptureReader(source: source)
        let aggregator = TrafficAggregator()
        var captureError: CaptureError?
        var summary: CaptureSummary?
        do {
            summary = try aggregator.ingest(reader, progress: progress.isActive ? { progress.update(bytes: $0, packets: $1) } : nil)
        } catch let error as CaptureError {
            captureError = error
        }
        progress.finish()
        let digest = reader.withSource { $0.digest }
        let added = try store.merge(flows: aggregator.flows, macs: aggregator.macs,
                                    capture: CaptureEntry(contentHash: digest, name: input, bytes: summary?.bytes ?? 0, packets: aggregator.packets))
        report(input, added: added, detail: "\(aggregator.packets) packets, \(aggregator.flows.count) flows")
        if let captureError { throw captureError }
    }

    /// A summary on a terminal; a skipped duplicate is always reported.
    private func report(_ input: String, added: Bool, detail: String) {
        if !added {
            StandardStream.error("\(input): already in the baseline (same content); not counted again\n")
        } else if isatty(2) != 0 {
            StandardStream.error("\(input): \(detail)\n")
        }
    }
}
