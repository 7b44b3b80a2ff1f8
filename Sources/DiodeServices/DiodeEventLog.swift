import DataDiode
import Foundation

/// The receiver's audit trail and telemetry as JSON lines (one object per line, keys sorted).
package final class DiodeEventLog: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Appends to `path`, or writes to standard error when `path` is nil.
    package init(path: String?) throws(DiodeError) {
        guard let path else {
            handle = FileHandle.standardError
            return
        }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let file = FileHandle(forWritingAtPath: path) else { throw DiodeError(.socket, "\(path): cannot open the event log") }
        file.seekToEndOfFile()
        handle = file
    }

    private struct Line<Body: Encodable>: Encodable {
        let event: String
        let time: String
        let body: Body

        func encode(to encoder: any Encoder) throws {
            try body.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(event, forKey: .event)
            try container.encode(time, forKey: .time)
        }

        enum Keys: String, CodingKey {
            case event
            case time
        }
    }

    package func write<Body: Encodable>(_ event: String, _ body: Body) {
        let line = Line(event: event, time: Date().formatted(.iso8601), body: body)
        guard var data = try? encoder.encode(line) else { return }
        data.append(0x0A)
        lock.withLock { handle.write(data) }
    }

    package func write(_ event: DiodeEvent) {
        switch event {
        case .sessionStarted(let session, let run): write("session-started", SessionBody(session: String(session, radix: 16), run: run))
        case .senderRestarted(let session, let run): write("sender-restarted", SessionBody(session: String(session, radix: 16), run: run))
        case .gap(let gap): write("gap", gap)
        case .configurationMismatch(let sender, let receiver):
            write("configuration-mismatch", MismatchBody(senderHash: String(sender, radix: 16), receiverHash: String(receiver, radix: 16)))
        case .record, .syslog, .file: break
        }
    }

    private struct SessionBody: Encodable {
        let session: String
        let run: UInt16
    }

    private struct MismatchBody: Encodable {
        let senderHash: String
        let receiverHash: String
    }
}
