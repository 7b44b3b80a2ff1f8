import Crypto
import Foundation

/// The pre-shared 256-bit key of a diode link, stored as 64 hexadecimal characters.
package struct DiodeKey: Sendable {
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) throws(DiodeError) {
        guard bytes.count == 32 else { throw DiodeError(.invalidKey, "a diode key has 32 bytes, got \(bytes.count)") }
        self.bytes = bytes
    }

    package static func generate() -> DiodeKey {
        var generator = SystemRandomNumberGenerator()
        // 32 random bytes always make a valid key.
        return try! DiodeKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    package init(hex: String) throws(DiodeError) {
        let text = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 64, let bytes = Self.decodeHex(text) else {
            throw DiodeError(.invalidKey, "expected 64 hexadecimal characters (a 256-bit key)")
        }
        try self.init(bytes: bytes)
    }

    package static func load(path: String) throws(DiodeError) -> DiodeKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DiodeError(.invalidKey, "\(path): cannot read the key file")
        }
        do { return try DiodeKey(hex: text) } catch { throw DiodeError(.invalidKey, "\(path): \(error.message)") }
    }

    package var hexEncoded: String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The AEAD key of one session: HKDF-SHA256 over the pre-shared key, salted with the session id,
    /// so that the 64-bit packet number alone makes every nonce of the session unique.
    package func sessionKey(_ session: UInt64) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: bytes), salt: withUnsafeBytes(of: session.bigEndian) { Array($0) },
            info: Array("zonectl diode v1".utf8), outputByteCount: 32)
    }

    private static func decodeHex(_ text: String) -> [UInt8]? {
        var result = [UInt8]()
        var high: UInt8?
        for scalar in text.unicodeScalars {
            guard let nibble = UInt8(String(scalar), radix: 16) else { return nil }
            if let h = high {
                result.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? result : nil
    }
}
