/// Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D),
/// the field of Rizzo's erasure code as used by udpcast and zfec.
package enum GaloisField {
    /// exp[i] = α^i for i in 0..<510, doubled so that exp[log a + log b] needs no modulo.
    package static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// log[a] for a ≠ 0; log[0] is unused.
    package static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = i }
        return table
    }()

    package static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }

    /// The multiplicative inverse of a non-zero element.
    package static func inverse(_ a: UInt8) -> UInt8 {
        precondition(a != 0, "zero has no inverse in GF(2^8)")
        return exp[255 - log[Int(a)]]
    }

    /// α^n.
    package static func alphaPower(_ n: Int) -> UInt8 { exp[n % 255] }
}
