import Foundation

/// Log timestamps to seconds since 1970 (UTC), read from the forms the supported devices write.
enum Timestamp {
    private static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    static func seconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        return Int64(days(year: year, month: month, day: day)) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// A timestamp at the start of a line: ISO 8601 (`2026-11-26T10:00:00.123+00:00`), or BSD syslog
    /// (`Nov 26 10:00:00`, `Nov 26 2026 10:00:00`, the ASA form) with `defaultYear` when the year is missing.
    /// Returns the time and the index after it.
    static func leading(_ line: ByteLine, defaultYear: Int) -> (Int64, Int)? {
        if let iso = iso8601(line, at: 0) { return iso }
        return bsd(line, at: 0, defaultYear: defaultYear)
    }

    static func iso8601(_ line: ByteLine, at start: Int) -> (Int64, Int)? {
        guard start + 19 <= line.count, line.bytes[start + 4] == 0x2D, line.bytes[start + 7] == 0x2D,
            line.bytes[start + 10] == 0x54 || line.bytes[start + 10] == 0x20, line.bytes[start + 13] == 0x3A,
            let year = line.unsigned(start..<start + 4), let month = line.unsigned(start + 5..<start + 7),
            let day = line.unsigned(start + 8..<start + 10), let hour = line.unsigned(start + 11..<start + 13),
            let minute = line.unsigned(start + 14..<start + 16), let second = line.unsigned(start + 17..<start + 19),
            var time = seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        var index = start + 19
        if index < line.count && (line.bytes[index] == 0x2E || line.bytes[index] == 0x2C) {
            index += 1
            while index < line.count && line.bytes[index] >= 0x30 && line.bytes[index] <= 0x39 { index += 1 }
        }
        if index < line.count && line.bytes[index] == 0x5A {
            index += 1
        } else if index + 5 <= line.count && (line.bytes[index] == 0x2B || line.bytes[index] == 0x2D) {
            let sign: Int64 = line.bytes[index] == 0x2B ? 1 : -1
            let hasColon = index + 6 <= line.count && line.bytes[index + 3] == 0x3A
            let minuteStart = index + (hasColon ? 4 : 3)
            if let hours = line.unsigned(index + 1..<index + 3), let minutes = line.unsigned(minuteStart..<minuteStart + 2) {
                time -= sign * Int64(hours * 3600 + minutes * 60)
                index = minuteStart + 2
            }
        }
        return (time, index)
    }

    static func bsd(_ line: ByteLine, at start: Int, defaultYear: Int) -> (Int64, Int)? {
        guard start + 15 <= line.count, let month = months.firstIndex(where: { line.hasPrefix($0, at: start) }) else { return nil }
        var index = start + 4
        while index < line.count && line.bytes[index] == 0x20 { index += 1 }
        let dayEnd = line.tokenEnd(from: index)
        guard let day = line.unsigned(index..<dayEnd) else { return nil }
        index = dayEnd + 1
        var year = defaultYear
        let next = line.tokenEnd(from: index)
        if next - index == 4, let explicitYear = line.unsigned(index..<next) {
            year = explicitYear
            index = next + 1
        }
        guard index + 8 <= line.count, line.bytes[index + 2] == 0x3A, line.bytes[index + 5] == 0x3A,
            let hour = line.unsigned(index..<index + 2), let minute = line.unsigned(index + 3..<index + 5),
            let second = line.unsigned(index + 6..<index + 8),
            let time = seconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return (time, index + 8)
    }

    /// Parses `2026-11-26` and `10:00:00` (FortiGate's date= and time= fields).
    static func dateAndTime(_ line: ByteLine, date: Range<Int>, time: Range<Int>) -> Int64? {
        let d = date.lowerBound
        let t = time.lowerBound
        guard date.count == 10, time.count >= 8, let year = line.unsigned(d..<d + 4), let month = line.unsigned(d + 5..<d + 7),
            let day = line.unsigned(d + 8..<d + 10), let hour = line.unsigned(t..<t + 2), let minute = line.unsigned(t + 3..<t + 5),
            let second = line.unsigned(t + 6..<t + 8)
        else { return nil }
        return seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
