import Foundation
import NIOConcurrencyHelpers

/// Fans audit events out to JSON lines (stdout by default) and, when configured, syslog.
public final class AuditSink: Sendable {
    private let writeLine: @Sendable (String) -> Void
    private let syslog: SyslogSender?
    private let formatter: SyslogFormatter

    public init(writeLine: @escaping @Sendable (String) -> Void = AuditSink.standardOutput, syslog: SyslogSender? = nil,
                formatter: SyslogFormatter = SyslogFormatter()) {
        self.writeLine = writeLine
        self.syslog = syslog
        self.formatter = formatter
    }

    public func record(_ event: AuditEvent) {
        writeLine(event.jsonLine())
        syslog?.send(formatter.format(event))
    }

    private static let stdoutLock = NIOLock()

    /// Whole lines to stdout, one writer at a time so that lines from two event loops never interleave.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        stdoutLock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
}
