import NIOCore

/// The payload of a shard datagram: one shard of an erasure-coded group.
///
/// ```
/// +---------------------------------------------------------------+
/// |                      group id (64 bits)                       |
/// |                                                               |
/// +-------------------------------+---------------+---------------+
/// |     sender run (16 bits)      | shard index   | data shards k |
/// +---------------+---------------+---------------+---------------+
/// | parity m      | reserved = 0  |  shard bytes (all shards of a |
/// +---------------+---------------+    group have one length) ... |
/// ```
/// Indices 0..<k are data shards (symbols carrying items), k..<k+m parity.
package struct ShardPayload: Equatable, Sendable {
    package static let headerSize = 14

    package var group: UInt64
    package var run: UInt16
    package var index: Int
    package var dataShards: Int
    package var parityShards: Int
    package var bytes: [UInt8]

    package init(group: UInt64, run: UInt16, index: Int, dataShards: Int, parityShards: Int, bytes: [UInt8]) {
        self.group = group
        self.run = run
        self.index = index
        self.dataShards = dataShards
        self.parityShards = parityShards
        self.bytes = bytes
    }

    package func encoded() -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.headerSize + bytes.count)
        buffer.writeInteger(group)
        buffer.writeInteger(run)
        buffer.writeInteger(UInt8(index))
        buffer.writeInteger(UInt8(dataShards))
        buffer.writeInteger(UInt8(parityShards))
        buffer.writeInteger(UInt8(0))
        buffer.writeBytes(bytes)
        return Array(buffer.readableBytesView)
    }

    package static func decode(_ payload: [UInt8]) throws(DiodeFrameError) -> ShardPayload {
        guard payload.count > headerSize else {
            throw DiodeFrameError(.malformedPayload, "shard payload of \(payload.count) bytes")
        }
        var buffer = ByteBuffer(bytes: payload)
        let group: UInt64 = buffer.readInteger()!
        let run: UInt16 = buffer.readInteger()!
        let index = Int(buffer.readInteger(as: UInt8.self)!)
        let k = Int(buffer.readInteger(as: UInt8.self)!)
        let m = Int(buffer.readInteger(as: UInt8.self)!)
        _ = buffer.readInteger(as: UInt8.self)
        guard k >= 1, k + m <= 256, index < k + m else {
            throw DiodeFrameError(.malformedPayload, "shard \(index) of a \(k)+\(m) group")
        }
        return ShardPayload(group: group, run: run, index: index, dataShards: k, parityShards: m, bytes: Array(payload[headerSize...]))
    }
}
