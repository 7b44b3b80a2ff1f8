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

    package func write(to buffer: inout [UInt8]) {
        buffer.append(stream.rawValue)
        withUnsafeBytes(of: sequence.bigEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(body.count).bigEndian) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: body)
    }

    /// The items of one data shard.
    package static func decodeAll(_ symbol: [UInt8]) throws(DiodeFrameError) -> [DiodeItem] {
        var buffer = ByteBuffer(bytes: symbol)
        var items = [DiodeItem]()
        while let rawStream = buffer.readInteger(as: UInt8.self), rawStream != 0 {
            let offset = symbol.count - buffer.readableBytes - 1
            guard let stream = DiodeStream(rawValue: rawStream) else {
                throw DiodeFrameError(.malformedPayload, "item at byte \(offset): unknown stream \(rawStream)")
            }
            guard let sequence = buffer.readInteger(as: UInt64.self), let length = buffer.readInteger(as: UInt16.self),
                let body = buffer.readBytes(length: Int(length))
            else {
                throw DiodeFrameError(.malformedPayload, "item at byte \(offset): runs past the end of the shard")
            }
            items.append(DiodeItem(stream: stream, sequence: sequence, body: body))
        }
        return items
    }
}
