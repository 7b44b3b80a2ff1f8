import Foundation

/// A one-line progress display on a terminal (bytes, packets per second, time left); silent when stderr is not one.
final class ProgressLine {
    let total: UInt64
    let isActive: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(total: UInt64) {
        self.total = total
        isActive = isatty(2) != 0
    }

    func update(bytes: UInt64, packets: Int) {
        let now = Date()
        guard isActive, now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        var line = String(format: "\r%.1f MB, %.0f packets/s", Double(bytes) / 1e6, Double(packets) / elapsed)
        if total > 0, bytes > 0 {
            let remaining = elapsed * Double(total - min(bytes, total)) / Double(bytes)
            line += String(format: ", %.0f%%, ETA %.0fs", 100 * Double(bytes) / Double(total), remaining)
        }
        StandardStream.error(line)
    }

    func finish() {
        if isActive && lastDraw != .distantPast { StandardStream.error("\r\u{1B}[K") }
    }
}
