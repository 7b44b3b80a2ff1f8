/// Turns model names into identifiers that every target accepts.
enum Identifier {
    /// Letters, digits, `-`, `_` and `.` are kept; anything else becomes `-`.
    static func safe(_ text: String) -> String {
        // Model names are ASCII almost always, and most are safe already; bytes are much cheaper than Characters.
        var text = text
        let scan = text.withUTF8 { bytes -> (safe: Bool, ascii: Bool) in
            var safe = true
            for byte in bytes {
                if byte >= 0x80 { return (false, false) }
                if !isKept(byte) { safe = false }
            }
            return (safe, true)
        }
        guard scan.ascii else { return String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" }) }
        if scan.safe { return text }
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for (index, byte) in bytes.enumerated() { buffer[index] = isKept(byte) ? byte : UInt8(ascii: "-") }
                return bytes.count
            }
        }
    }

    private static func isKept(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Letters, digits and `_` only, starting with a letter: nftables set names.
    static func word(_ text: String) -> String {
        let mapped = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return mapped.first?.isLetter == true ? mapped : "z" + mapped
    }

    /// Shortens `text` to `limit` characters, ending in a stable hash so that clipped names stay distinct.
    static func clip(_ text: String, to limit: Int) -> String {
        // UTF-8 length bounds the character count from above, and is free to read.
        guard text.utf8.count > limit, text.count > limit else { return text }
        let hash = String(stableHash(text) % 0xFFFFFF, radix: 16)
        return String(text.prefix(limit - hash.count - 1)) + "-" + hash
    }

    /// FNV-1a, 64 bits: the same on every run and platform (unlike `Hasher`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
