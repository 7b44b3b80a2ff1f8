import NIOCore

/// One numbered unit of a stream. Data shards are filled with items back to back:
///
/// ```
/// +---------------+-----------------------------------------------+
/// | stream 1..3   |            sequence number (64 bits)          |
/// +---------------+-------------------------------+---------------+
/// |      (sequence, continued)    | body length (16 bits)         |
/// +-------------------------------+-------------------------------+
/// |                          body ...                             |
/// +---------------------------------------------------------------+
/// ```
/// A stream byte of 0 (the zero padding of a shorter shard) ends the list.
package struct DiodeItem: Equatable, Sendable {
    package static let headerSize = 11

    package var stream: DiodeStream
    package var sequence: UInt64
    package var body: [UInt8]

    package init(stream: DiodeStream, sequence: UInt64, body: [UInt8]) {
        self.stream = stream
        self.sequence = sequence
        self.body = body
    }

    package var encodedSize: Int { Self.headerSize + body.count }

    /// Writes the 11-byte item header in front of a body that is (or will be) in place.
    package static func writeHeader(stream: DiodeStream, sequence: UInt64, bodyLength: Int, to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: stream.rawValue, as: UInt8.self)
        target.storeBytes(of: sequence.bigEndian, toByteOffset: 1, as: UInt64.self)
        target.storeBytes(of: UInt16(bodyLength).bigEndian, toByteOffset: 9, as: UInt16.self)
    }

    /// The items of one data shard.
    package static func decodeAll(_ symbol: [UInt8]) throws(DiodeFrameError) -> [DiodeItem] {
        try symbol.withUnsafeBytes { bytes in Result { () throws(DiodeFrameError) in try decodeAll(bytes, shardLength: max(bytes.count, 1)) } }.get()
    }

    /// The items of the data shards that lie back to back in `shards`, `shardLength` bytes each.
    package static func decodeAll(_ shards: UnsafeRawBufferPointer, shardLength: Int) throws(DiodeFrameError) -> [DiodeItem] {
        var items = [DiodeItem]()
        var shardStart = 0
        while shardStart < shards.count {
            let end = min(shardStart + shardLength, shards.count)
            var offset = shardStart
            while offset < end, shards[offset] != 0 {
                guard let stream = DiodeStream(rawValue: shards[offset]) else {
                    throw DiodeFrameError(.malformedPayload, "item at byte \(offset - shardStart): unknown stream \(shards[offset])")
                }
                guard offset + headerSize <= end else {
                    throw DiodeFrameError(.malformedPayload, "item at byte \(offset - shardStart): runs past the end of the shard")
                }
                let sequence = UInt64(bigEndian: shards.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self))
                let length = Int(UInt16(bigEndian: shards.loadUnaligned(fromByteOffset: offset + 9, as: UInt16.self)))
                guard offset + headerSize + length <= end else {
                    throw DiodeFrameError(.malformedPayload, "item at byte \(offset - shardStart): runs past the end of the shard")
                }
                let body = Array(UnsafeRawBufferPointer(rebasing: shards[(offset + headerSize)..<(offset + headerSize + length)]))
                items.append(DiodeItem(stream: stream, sequence: sequence, body: body))
                offset += headerSize + length
            }
            shardStart = end
        }
        return items
    }
}
