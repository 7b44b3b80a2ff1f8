import FlowBaseline
import Foundation
import Testing

/// Fixture files and the tshark oracle shared by the baseline tests.
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func url(_ folder: String, _ name: String) -> URL { root.appendingPathComponent(folder).appendingPathComponent(name) }

    static func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") || $0.hasSuffix(".bin") }.sorted()
    }

    static func bytes(_ folder: String, _ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url(folder, name))) }

    /// Aggregates a capture; a capture error is returned next to what was read before it.
    static func aggregate(_ bytes: [UInt8]) -> (TrafficAggregator, CaptureSummary?, CaptureError?) {
        let aggregator = TrafficAggregator()
        do {
            let summary = try aggregator.ingest(CaptureReader(source: MemorySource(bytes), bufferSize: 1 << 16))
            return (aggregator, summary, nil)
        } catch let error as CaptureError {
            return (aggregator, nil, error)
        } catch {
            Issue.record("unexpected error \(error)")
            return (aggregator, nil, nil)
        }
    }

    /// Runs tshark with `arguments`; a missing tshark fails the test with the way to install it.
    static func tshark(_ arguments: [String]) throws -> String {
        let candidates = ["/usr/bin/tshark", "/usr/local/bin/tshark"]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            Issue.record("tshark is not installed; run scripts/test (scripts/install-peers installs it)")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The unordered address pair of a flow, as text.
    static func pair(_ a: String, _ b: String) -> String { a < b ? "\(a) \(b)" : "\(b) \(a)" }
}
