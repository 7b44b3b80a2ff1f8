import Foundation

extension StringProtocol {
    /// The text without leading and trailing whitespace, as `trimmingCharacters(in: .whitespaces)` gives it. Model
    /// values almost never carry any, and checking the two ends byte by byte spares building Foundation's
    /// character set for the common case.
    func trimmingWhitespace() -> String {
        let text = String(self)
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        if plain(first) && plain(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
