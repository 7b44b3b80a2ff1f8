import NIOCore

/// The body of an item of the files stream.
///
/// ```
/// begin (1): | 1 | file id (64) | size (64) | chunk count (32) | name length (16) | name |
/// chunk (2): | 2 | file id (64) | chunk index (32) | data ... |
/// end   (3): | 3 | file id (64) | size (64) | chunk count (32) | SHA-256 (256) | name length (16) | name |
/// ```
/// A file is begin, its chunks in order, then end; the end repeats the name so a file whose
/// begin was lost is still reported by name.
package enum FileItem: Equatable, Sendable {
    case begin(id: UInt64, size: UInt64, chunkCount: UInt32, name: String)
    case chunk(id: UInt64, index: UInt32, data: [UInt8])
    case end(id: UInt64, size: UInt64, chunkCount: UInt32, sha256: [UInt8], name: String)

    /// Bytes of a chunk item's body that are not file data.
    package static let chunkOverhead = 13

    package var fileID: UInt64 {
        switch self {
        case .begin(let id, _, _, _), .chunk(let id, _, _), .end(let id, _, _, _, _): id
        }
    }

    /// Writes the 13-byte header of a chunk item in front of data that is (or will be) in place.
    package static func writeChunkHeader(id: UInt64, index: UInt32, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: UInt8(2), as: UInt8.self)
        target.storeBytes(of: id.bigEndian, toByteOffset: 1, as: UInt64.self)
        target.storeBytes(of: index.bigEndian, toByteOffset: 9, as: UInt32.self)
    }

    package func encoded() -> [UInt8] {
        var buffer = ByteBuffer()
        switch self {
        case .begin(let id, let size, let count, let name):
            buffer.writeInteger(UInt8(1))
            buffer.writeInteger(id)
            buffer.writeInteger(size)
            buffer.writeInteger(count)
            Self.writeName(name, to: &buffer)
        case .chunk(let id, let index, let data):
            var bytes = [UInt8](repeating: 0, count: Self.chunkOverhead + data.count)
            bytes.withUnsafeMutableBytes { target in
                Self.writeChunkHeader(id: id, index: index, to: target.baseAddress!)
                UnsafeMutableRawBufferPointer(rebasing: target[Self.chunkOverhead...]).copyBytes(from: data)
            }
            return bytes
        case .end(let id, let size, let count, let digest, let name):
            buffer.writeInteger(UInt8(3))
            buffer.writeInteger(id)
            buffer.writeInteger(size)
            buffer.writeInteger(count)
            buffer.writeBytes(digest)
            Self.writeName(name, to: &buffer)
        }
        return Array(buffer.readableBytesView)
    }

    package static func decode(_ body: [UInt8]) throws(DiodeFrameError) -> FileItem {
        var buffer = ByteBuffer(bytes: body)
        guard let type = buffer.readInteger(as: UInt8.self), let id = buffer.readInteger(as: UInt64.self) else {
            throw DiodeFrameError(.malformedPayload, "file item of \(body.count) bytes")
        }
        switch type {
        case 1:
            guard let size = buffer.readInteger(as: UInt64.self), let count = buffer.readInteger(as: UInt32.self),
                let name = readName(&buffer)
            else { break }
            return .begin(id: id, size: size, chunkCount: count, name: name)
        case 2:
            guard let index = buffer.readInteger(as: UInt32.self) else { break }
            return .chunk(id: id, index: index, data: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case 3:
            guard let size = buffer.readInteger(as: UInt64.self), let count = buffer.readInteger(as: UInt32.self),
                let digest = buffer.readBytes(length: 32), let name = readName(&buffer)
            else { break }
            return .end(id: id, size: size, chunkCount: count, sha256: digest, name: name)
        default:
            throw DiodeFrameError(.malformedPayload, "file item type \(type)")
        }
        throw DiodeFrameError(.malformedPayload, "file item type \(type) of \(body.count) bytes is truncated")
    }

    private static func writeName(_ name: String, to buffer: inout ByteBuffer) {
        let bytes = Array(name.utf8)
        buffer.writeInteger(UInt16(bytes.count))
        buffer.writeBytes(bytes)
    }

    private static func readName(_ buffer: inout ByteBuffer) -> String? {
        guard let length = buffer.readInteger(as: UInt16.self), let bytes = buffer.readBytes(length: Int(length)),
            buffer.readableBytes == 0
        else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
