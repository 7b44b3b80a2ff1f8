/// A fixed-size open-addressing map from a connection (both endpoints and ports, in canonical order) to its flow.
/// It remembers which side opened the connection; when full it is emptied, so its memory never grows.
struct ConnectionTable {
    struct Key: Equatable {
        var aHigh: UInt64
        var aLow: UInt64
        var bHigh: UInt64
        var bLow: UInt64
        /// Ports, IP protocol and address kinds packed into one word.
        var rest: UInt64

        @inline(__always)
        var hash: Int {
            var value = aLow &* 0x9E37_79B9_7F4A_7C15 ^ bLow &* 0xC2B2_AE3D_27D4_EB4F
            value ^= (aHigh ^ bHigh) &* 0x1656_67B1_9E37_79F9 ^ rest &* 0x27D4_EB2F_1656_67C5
            value ^= value >> 29
            return Int(truncatingIfNeeded: value)
        }
    }

    private var keys: [Key]
    /// Flow index shifted left once, low bit set when endpoint `a` is the client; -1 for an empty slot.
    private var values: [Int32]
    /// Per-direction TCP state: next expected sequence number and bytes of a frame still to skip.
    struct Stream {
        var nextSequence: UInt32 = 0
        var known = false
        var skip = 0
        /// The link-layer addresses of this direction were recorded.
        var macsRecorded = false
    }

    /// Streams of each slot: index 2·slot for the client, 2·slot+1 for the server.
    var streams: [Stream]
    private let mask: Int
    private(set) var count = 0

    init(capacityPowerOfTwo: Int = 17) {
        let capacity = 1 << capacityPowerOfTwo
        keys = Array(repeating: Key(aHigh: 0, aLow: 0, bHigh: 0, bLow: 0, rest: 0), count: capacity)
        values = Array(repeating: -1, count: capacity)
        streams = Array(repeating: Stream(), count: capacity * 2)
        mask = capacity - 1
    }

    @inline(__always)
    func find(_ key: Key) -> (flow: Int, aIsClient: Bool, slot: Int)? {
        var slot = key.hash & mask
        while true {
            let value = values[slot]
            if value < 0 { return nil }
            if keys[slot] == key { return (Int(value >> 1), value & 1 == 1, slot) }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    @discardableResult
    mutating func insert(_ key: Key, flow: Int, aIsClient: Bool) -> Int {
        if count >= (mask + 1) / 2 {
            for index in values.indices { values[index] = -1 }
            count = 0
        }
        var slot = key.hash & mask
        while values[slot] >= 0 { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = Int32(flow) << 1 | (aIsClient ? 1 : 0)
        streams[2 * slot] = Stream()
        streams[2 * slot + 1] = Stream()
        count += 1
        return slot
    }
}
