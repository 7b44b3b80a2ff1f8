import Crypto
import Foundation
import NIOCore

/// The outer datagram: a clear header that is authenticated as associated data, then the
/// ChaCha20-Poly1305 ciphertext of a kind-specific payload and its tag.
///
/// ```
///  0               1               2               3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-------------------------------+---------------+---------------+
/// |         magic "ZD"            |  version = 1  | kind 1|2      |
/// +-------------------------------+---------------+---------------+
/// |                    session id (64 bits)                       |
/// |                                                               |
/// +---------------------------------------------------------------+
/// |                   packet number (64 bits)                     |
/// |                                                               |
/// +---------------------------------------------------------------+
/// |                 ciphertext of the payload ...                 |
/// +---------------------------------------------------------------+
/// |                Poly1305 tag (128 bits)                        |
/// +---------------------------------------------------------------+
/// ```
/// The nonce is 4 zero bytes followed by the packet number; the key is derived per session
/// (``DiodeKey/sessionKey(_:)``), so a nonce never repeats under one key.
package struct DiodeFrame: Equatable, Sendable {
    package enum Kind: UInt8, Sendable {
        case shard = 1
        case beacon = 2
    }

    package static let magic: UInt16 = 0x5A44
    package static let version: UInt8 = 1
    package static let headerSize = 20
    package static let tagSize = 16
    package static let overhead = headerSize + tagSize

    package var kind: Kind
    package var session: UInt64
    package var packetNumber: UInt64
    package var payload: [UInt8]

    package init(kind: Kind, session: UInt64, packetNumber: UInt64, payload: [UInt8]) {
        self.kind = kind
        self.session = session
        self.packetNumber = packetNumber
        self.payload = payload
    }

    package func sealed(with key: SymmetricKey) -> ByteBuffer {
        var bytes = [UInt8](repeating: 0, count: Self.overhead + payload.count)
        let length = bytes.withUnsafeMutableBytes { datagram in
            UnsafeMutableRawBufferPointer(rebasing: datagram[Self.headerSize...]).copyBytes(from: payload)
            return Self.seal(kind: kind, session: session, packetNumber: packetNumber, payloadLength: payload.count, in: datagram.baseAddress!, with: key)
        }
        return ByteBuffer(bytes: bytes[..<length])
    }

    /// Seals a datagram in place: `datagram` holds the payload at offset ``headerSize`` and room for the
    /// header before it and the tag after it. Returns the datagram's length.
    package static func seal(
        kind: Kind, session: UInt64, packetNumber: UInt64, payloadLength: Int, in datagram: UnsafeMutableRawPointer, with key: SymmetricKey
    ) -> Int {
        datagram.storeBytes(of: magic.bigEndian, as: UInt16.self)
        datagram.storeBytes(of: version, toByteOffset: 2, as: UInt8.self)
        datagram.storeBytes(of: kind.rawValue, toByteOffset: 3, as: UInt8.self)
        datagram.storeBytes(of: session.bigEndian, toByteOffset: 4, as: UInt64.self)
        datagram.storeBytes(of: packetNumber.bigEndian, toByteOffset: 12, as: UInt64.self)
        let header = UnsafeRawBufferPointer(start: datagram, count: headerSize)
        let payload = UnsafeMutableRawBufferPointer(start: datagram + headerSize, count: payloadLength)
        // Sealing with a valid 32-byte key and 12-byte nonce cannot fail.
        let box = try! ChaChaPoly.seal(UnsafeRawBufferPointer(payload), using: key, nonce: nonce(packetNumber), authenticating: header)
        box.ciphertext.withUnsafeBytes { payload.copyMemory(from: $0) }
        box.tag.withUnsafeBytes { UnsafeMutableRawBufferPointer(start: datagram + headerSize + payloadLength, count: tagSize).copyMemory(from: $0) }
        return overhead + payloadLength
    }

    /// Reads the clear header without authenticating it; the caller opens the frame with the session key.
    package static func peekHeader(_ buffer: ByteBuffer) throws(DiodeFrameError) -> (kind: Kind, session: UInt64, packetNumber: UInt64) {
        try buffer.withUnsafeReadableBytes { bytes throws(DiodeFrameError) in try peekHeader(bytes) }
    }

    package static func peekHeader(_ bytes: UnsafeRawBufferPointer) throws(DiodeFrameError) -> (kind: Kind, session: UInt64, packetNumber: UInt64) {
        guard bytes.count >= overhead else {
            throw DiodeFrameError(.truncated, "\(bytes.count) bytes, the minimum is \(overhead)")
        }
        guard UInt16(bigEndian: bytes.loadUnaligned(as: UInt16.self)) == magic else {
            throw DiodeFrameError(.badMagic, "byte 0: not a zonectl diode datagram")
        }
        let version = bytes[2]
        guard version == Self.version else { throw DiodeFrameError(.unsupportedVersion, "byte 2: version \(version)") }
        let rawKind = bytes[3]
        guard let kind = Kind(rawValue: rawKind) else { throw DiodeFrameError(.unknownKind, "byte 3: kind \(rawKind)") }
        return (
            kind, UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt64.self)),
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
        )
    }

    package static func open(_ buffer: ByteBuffer, with key: SymmetricKey) throws(DiodeFrameError) -> DiodeFrame {
        let header = try peekHeader(buffer)
        let payload = try buffer.withUnsafeReadableBytes { bytes throws(DiodeFrameError) in try openPayload(bytes, packetNumber: header.packetNumber, session: header.session, with: key) }
        return DiodeFrame(kind: header.kind, session: header.session, packetNumber: header.packetNumber, payload: Array(payload))
    }

    /// Authenticates and decrypts a datagram whose header was read with ``peekHeader(_:)-(UnsafeRawBufferPointer)``.
    package static func openPayload(_ bytes: UnsafeRawBufferPointer, packetNumber: UInt64, session: UInt64, with key: SymmetricKey) throws(DiodeFrameError) -> Data {
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[..<headerSize])
        let ciphertext = UnsafeRawBufferPointer(rebasing: bytes[headerSize..<(bytes.count - tagSize)])
        let tag = UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - tagSize)...])
        guard let box = try? ChaChaPoly.SealedBox(nonce: nonce(packetNumber), ciphertext: ciphertext, tag: tag),
            let plaintext = try? ChaChaPoly.open(box, using: key, authenticating: headerBytes)
        else {
            throw DiodeFrameError(.authenticationFailed, "packet \(packetNumber) of session \(String(session, radix: 16))")
        }
        return plaintext
    }

    private static func nonce(_ packetNumber: UInt64) -> ChaChaPoly.Nonce {
        var bytes: (UInt64, UInt64) = (0, packetNumber.bigEndian)
        return withUnsafeBytes(of: &bytes) { try! ChaChaPoly.Nonce(data: UnsafeRawBufferPointer(rebasing: $0[4..<16])) }
    }
}
