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
/// | parity m      | resend wait   |  shard bytes (all shards of a |
/// +---------------+---------------+    group have one length) ... |
/// ```
/// Indices 0..<k are data shards (symbols carrying items), k..<k+m parity. "Resend wait" is 0, or the
/// tenths of a second until the sender's last scheduled copy of this group (`--resend-after`), which
/// tells the receiver how long a hole in this group may still be filled.
package struct ShardPayload: Equatable, Sendable {
    package static let headerSize = 14

    package var group: UInt64
    package var run: UInt16
    package var index: Int
    package var dataShards: Int
    package var parityShards: Int
    package var bytes: [UInt8]
    package var resendWait: UInt8 = 0

    package init(group: UInt64, run: UInt16, index: Int, dataShards: Int, parityShards: Int, bytes: [UInt8]) {
        self.group = group
        self.run = run
        self.index = index
        self.dataShards = dataShards
        self.parityShards = parityShards
        self.bytes = bytes
    }

    package func encoded() -> [UInt8] {
        var result = [UInt8](repeating: 0, count: Self.headerSize + bytes.count)
        result.withUnsafeMutableBytes { buffer in
            Self.writeHeader(
                group: group, run: run, index: index, dataShards: dataShards, parityShards: parityShards, resendWait: resendWait,
                to: buffer.baseAddress!)
            UnsafeMutableRawBufferPointer(rebasing: buffer[Self.headerSize...]).copyBytes(from: bytes)
        }
        return result
    }

    /// Writes the 14-byte header in front of shard bytes that are already in place.
    package static func writeHeader(
        group: UInt64, run: UInt16, index: Int, dataShards: Int, parityShards: Int, resendWait: UInt8 = 0, to target: UnsafeMutableRawPointer
    ) {
        target.storeBytes(of: group.bigEndian, as: UInt64.self)
        target.storeBytes(of: run.bigEndian, toByteOffset: 8, as: UInt16.self)
        target.storeBytes(of: UInt8(index), toByteOffset: 10, as: UInt8.self)
        target.storeBytes(of: UInt8(dataShards), toByteOffset: 11, as: UInt8.self)
        target.storeBytes(of: UInt8(parityShards), toByteOffset: 12, as: UInt8.self)
        target.storeBytes(of: resendWait, toByteOffset: 13, as: UInt8.self)
    }

    package static func decode(_ payload: [UInt8]) throws(DiodeFrameError) -> ShardPayload {
        let header = try payload.withUnsafeBytes { bytes in Result { () throws(DiodeFrameError) in try Header(bytes) } }.get()
        var shard = ShardPayload(
            group: header.group, run: header.run, index: header.index, dataShards: header.dataShards, parityShards: header.parityShards,
            bytes: Array(payload[headerSize...]))
        shard.resendWait = header.resendWait
        return shard
    }

    /// The fields before the shard bytes, read from a decrypted payload in place.
    package struct Header {
        package var group: UInt64
        package var run: UInt16
        package var index: Int
        package var dataShards: Int
        package var parityShards: Int
        package var resendWait: UInt8

        package init(_ payload: UnsafeRawBufferPointer) throws(DiodeFrameError) {
            guard payload.count > headerSize else { throw DiodeFrameError(.malformedPayload, "shard payload of \(payload.count) bytes") }
            group = UInt64(bigEndian: payload.loadUnaligned(as: UInt64.self))
            run = UInt16(bigEndian: payload.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
            index = Int(payload[10])
            dataShards = Int(payload[11])
            parityShards = Int(payload[12])
            resendWait = payload[13]
            guard dataShards >= 1, dataShards + parityShards <= 256, index < dataShards + parityShards else {
                throw DiodeFrameError(.malformedPayload, "shard \(index) of a \(dataShards)+\(parityShards) group")
            }
        }
    }
}
