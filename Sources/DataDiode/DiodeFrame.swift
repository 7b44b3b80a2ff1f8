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
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.overhead + payload.count)
        buffer.writeInteger(Self.magic)
        buffer.writeInteger(Self.version)
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(session)
        buffer.writeInteger(packetNumber)
        let header = Array(buffer.readableBytesView)
        // Sealing with a valid 32-byte key and 12-byte nonce cannot fail.
        let box = try! ChaChaPoly.seal(payload, using: key, nonce: Self.nonce(packetNumber), authenticating: header)
        buffer.writeBytes(box.ciphertext)
        buffer.writeBytes(box.tag)
        return buffer
    }

    /// Reads the clear header without authenticating it; the caller opens the frame with the session key.
    package static func peekHeader(_ buffer: ByteBuffer) throws(DiodeFrameError) -> (kind: Kind, session: UInt64, packetNumber: UInt64) {
        guard buffer.readableBytes >= overhead else {
            throw DiodeFrameError(.truncated, "\(buffer.readableBytes) bytes, the minimum is \(overhead)")
        }
        let start = buffer.readerIndex
        guard buffer.getInteger(at: start, as: UInt16.self) == magic else {
            throw DiodeFrameError(.badMagic, "byte 0: not a zonectl diode datagram")
        }
        let version = buffer.getInteger(at: start + 2, as: UInt8.self)!
        guard version == Self.version else { throw DiodeFrameError(.unsupportedVersion, "byte 2: version \(version)") }
        let rawKind = buffer.getInteger(at: start + 3, as: UInt8.self)!
        guard let kind = Kind(rawValue: rawKind) else { throw DiodeFrameError(.unknownKind, "byte 3: kind \(rawKind)") }
        return (kind, buffer.getInteger(at: start + 4)!, buffer.getInteger(at: start + 12)!)
    }

    package static func open(_ buffer: ByteBuffer, with key: SymmetricKey) throws(DiodeFrameError) -> DiodeFrame {
        let header = try peekHeader(buffer)
        let opened: [UInt8]? = buffer.withUnsafeReadableBytes { bytes in
            let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[..<headerSize])
            let ciphertext = UnsafeRawBufferPointer(rebasing: bytes[headerSize..<(bytes.count - tagSize)])
            let tag = UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - tagSize)...])
            guard let box = try? ChaChaPoly.SealedBox(nonce: nonce(header.packetNumber), ciphertext: ciphertext, tag: tag),
                let plaintext = try? ChaChaPoly.open(box, using: key, authenticating: headerBytes)
            else { return nil }
            return Array(plaintext)
        }
        guard let payload = opened else {
            throw DiodeFrameError(.authenticationFailed, "packet \(header.packetNumber) of session \(String(header.session, radix: 16))")
        }
        return DiodeFrame(kind: header.kind, session: header.session, packetNumber: header.packetNumber, payload: payload)
    }

    private static func nonce(_ packetNumber: UInt64) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: packetNumber.bigEndian) { bytes.replaceSubrange(4..<12, with: $0) }
        return try! ChaChaPoly.Nonce(data: bytes)
    }
}
