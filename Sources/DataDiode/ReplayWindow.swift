/// Sliding-window replay protection over packet numbers (RFC 4303 style): a number is accepted once,
/// and numbers more than `size` below the highest accepted are refused.
package struct ReplayWindow: Sendable {
    package static let size: UInt64 = 8192
    private var highest: UInt64?
    private var bits = [UInt64](repeating: 0, count: Int(size / 64))

    package init() {}

    /// Whether `number` would be accepted; does not record it.
    package func allows(_ number: UInt64) -> Bool {
        guard let highest else { return true }
        if number > highest { return true }
        let age = highest - number
        return age < Self.size && !isSet(number)
    }

    /// Records an authenticated packet number; call only after ``allows(_:)`` returned true.
    package mutating func record(_ number: UInt64) {
        if let current = highest, number <= current {
            set(number)
            return
        }
        let previous = highest
        highest = number
        if let previous, number - previous < Self.size {
            for cleared in (previous + 1)..<number { clear(cleared) }
        } else {
            bits = [UInt64](repeating: 0, count: bits.count)
        }
        set(number)
    }

    private func slot(_ number: UInt64) -> (Int, UInt64) {
        let position = number % Self.size
        return (Int(position / 64), 1 << (position % 64))
    }

    private func isSet(_ number: UInt64) -> Bool {
        let (word, mask) = slot(number)
        return bits[word] & mask != 0
    }

    private mutating func set(_ number: UInt64) {
        let (word, mask) = slot(number)
        bits[word] |= mask
    }

    private mutating func clear(_ number: UInt64) {
        let (word, mask) = slot(number)
        bits[word] &= ~mask
    }
}
