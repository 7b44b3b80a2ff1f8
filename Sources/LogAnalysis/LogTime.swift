import Foundation
/// Reads the times given on the command line.
public enum LogTime {
    /// `2026-11-01` (start of that day, or its end with `endOfDay`) or an ISO 8601 time; seconds since 1970, UTC.
    public static func parse(_ text: String, endOfDay: Bool = false) -> Int64? {
        var bytes = Array(text.utf8)
        let dateOnly = bytes.count == 10
        if dateOnly { bytes += Array((endOfDay ? "T23:59:59Z" : "T00:00:00Z").utf8) }
        return bytes.withUnsafeBufferPointer { buffer in
            let line = ByteLine(bytes: buffer)
            guard let (time, end) = Timestamp.iso8601(line, at: 0), end == buffer.count else { return nil }
            return time
        }
    }
}
