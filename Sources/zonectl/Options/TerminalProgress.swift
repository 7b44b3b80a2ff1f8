import Foundation

/// A one-line progress display on standard error, shown only when it is a terminal.
final class TerminalProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var lastDraw = Date.distantPast

    func show(file: String, bytes: Int, total: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(bytes) / elapsed
        var line = "\r\(URL(fileURLWithPath: file).lastPathComponent): \(bytes >> 20) MiB, \(Int(rate) >> 20) MiB/s"
        if total > bytes && rate > 0 { line += String(format: ", ETA %.0f s", Double(total - bytes) / rate) }
        StandardStream.error(line + "   ")
    }

    func finish() {
        if enabled && lastDraw != .distantPast { StandardStream.error("\r\u{1B}[K") }
    }
}
