import Foundation
import ZoneCore

/// A log line as bytes, with the few scanning operations the parsers need; no String is made per line.
struct ByteLine {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    /// Index of the first occurrence of `needle` at or after `start`.
    func find(_ needle: StaticString, from start: Int = 0) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard start < bytes.count, length > 0, let base = bytes.baseAddress else { return nil }
        let first = Int32(needle.utf8Start.pointee)
        var index = start
        // memchr finds candidates for the first byte; memcmp confirms the rest.
        while index + length <= bytes.count, let hit = memchr(base + index, first, bytes.count - index - length + 1) {
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, needle.utf8Start, length) == 0 { return position }
            index = position + 1
        }
        return nil
    }

    func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
        guard index >= 0, index + prefix.utf8CodeUnitCount <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + index, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    /// End of the token starting at `start`: the next byte in `stops`, or the end of the line.
    func tokenEnd(from start: Int, stops: (UInt8) -> Bool = { $0 == 0x20 }) -> Int {
        var index = start
        while index < bytes.count && !stops(bytes[index]) { index += 1 }
        return index
    }

    /// The value after `key` (such as `SRC=`) up to the next space, or nil.
    func value(after key: StaticString, from start: Int = 0) -> Range<Int>? {
        guard let keyStart = find(key, from: start) else { return nil }
        let valueStart = keyStart + key.utf8CodeUnitCount
        return valueStart..<tokenEnd(from: valueStart)
    }

    func unsigned(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    func port(_ range: Range<Int>) -> UInt16? { unsigned(range).flatMap { $0 <= 65535 ? UInt16($0) : nil } }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range.clamped(to: 0..<bytes.count)]), as: UTF8.self)
    }

    /// An IPv4 or IPv6 address; IPv4 is parsed in place, IPv6 through text.
    func address(_ range: Range<Int>) -> IPAddress? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for index in range {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                octet = octet * 10 + UInt32(byte - 0x30)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if byte == 0x2E && digits > 0 && dots < 3 {
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return IPAddress(text(range))
            }
        }
        guard dots == 3 && digits > 0 else { return nil }
        return IPAddress(v4: value << 8 | octet)
    }
}
