import Foundation
import ZoneCore

/// Options of a log analysis.
public struct LogAnalysisOptions: Sendable {
    /// Records before this time (seconds since 1970) are left out; records without a time are kept.
    public var since: Int64?
    public var until: Int64?
    /// The year of syslog timestamps that carry none.
    public var defaultYear: Int

    public init(since: Int64? = nil, until: Int64? = nil, defaultYear: Int) {
        self.since = since
        self.until = until
        self.defaultYear = defaultYear
    }
}

/// Reads device logs in one pass and aggregates their flows; memory grows with the number of distinct flows,
/// not with the size of the logs. Files may come in any order: times are compared, never assumed sorted.
public struct LogAnalyzer {
    struct FlowKey: Hashable {
        let source: IPAddress
        let destination: IPAddress
        let transport: Transport
        let port: UInt16
    }

    struct FlowStats {
        var count = 0
        var denied = 0
        var first: Int64?
        var last: Int64?
        var devices: Set<LogDevice> = []
        var tag: String?

        mutating func add(_ record: LogRecord) {
            count += 1
            if record.action == .denied { denied += 1 }
            if let time = record.time {
                first = min(first ?? time, time)
                last = max(last ?? time, time)
            }
            devices.insert(record.device)
            if tag == nil { tag = record.tag }
        }
    }

    nonisolated(unsafe) private static let parsers: [any LogLineParser.Type] = [ASALogParser.self, KernelLogParser.self, FortiGateLogParser.self]

    public let options: LogAnalysisOptions
    private(set) var flows: [FlowKey: FlowStats] = [:]
    private(set) var statistics = LogStatistics()

    public init(options: LogAnalysisOptions) { self.options = options }

    /// Reads one file (plain or gzip); `progress` gets the bytes read so far.
    public mutating func read(file: String, progress: ((Int) -> Void)? = nil) {
        statistics.files.append(file)
        var bytesRead = 0
        let problem = LineReader(path: file).forEachLine { bytes, number in
            bytesRead += bytes.count + 1
            if number % 65536 == 0 { progress?(bytesRead) }
            consume(ByteLine(bytes: bytes), file: file, number: number)
        }
        if let problem { statistics.readProblems.append(problem) }
        progress?(bytesRead)
    }

    /// Reads log lines held in memory (a buffer from another source, or a fuzzer's input).
    public mutating func read(bytes: UnsafeBufferPointer<UInt8>, name: String) {
        statistics.files.append(name)
        var splitter = LineSplitter()
        splitter.feed(bytes) { line, number in consume(ByteLine(bytes: line), file: name, number: number) }
        splitter.finish { line, number in consume(ByteLine(bytes: line), file: name, number: number) }
    }

    private mutating func consume(_ line: ByteLine, file: String, number: Int) {
        statistics.lines += 1
        guard line.count > 0 else { return }
        for parser in Self.parsers {
            switch parser.parse(line, defaultYear: options.defaultYear) {
            case .notMine:
                continue
            case .skipped(let id):
                statistics.skipped[id, default: 0] += 1
            case .malformed(let reason):
                statistics.malformedCount += 1
                if statistics.malformed.count < 100 {
                    statistics.malformed.append(LogReadProblem(file: file, line: number, message: reason))
                }
            case .record(let record):
                if let time = record.time {
                    if let since = options.since, time < since { statistics.outsideWindow += 1; return }
                    if let until = options.until, time > until { statistics.outsideWindow += 1; return }
                } else {
                    statistics.undated += 1
                }
                statistics.records[record.device.rawValue, default: 0] += 1
                flows[FlowKey(source: record.source, destination: record.destination, transport: record.transport, port: record.destinationPort), default: FlowStats()].add(record)
            }
            return
        }
        statistics.unrecognised += 1
    }
}

/// What was read, skipped and could not be read.
public struct LogStatistics: Encodable, Sendable {
    public var files: [String] = []
    public var lines = 0
    /// Flow records by device.
    public var records: [String: Int] = [:]
    /// Lines of known devices whose message is not a flow, by message id.
    public var skipped: [String: Int] = [:]
    /// Lines that no supported format recognises.
    public var unrecognised = 0
    public var malformedCount = 0
    /// The first malformed lines, with file and line.
    public var malformed: [LogReadProblem] = []
    public var readProblems: [LogReadProblem] = []
    public var outsideWindow = 0
    public var undated = 0
}

extension LogReadProblem: Encodable {
    enum CodingKeys: String, CodingKey { case file, line, message }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(message, forKey: .message)
    }
}
