import Crypto

/// The link parameters both ends must share; their hash travels in every beacon.
package struct DiodeConfiguration: Equatable, Sendable {
    package var dataShards: Int = 64
    package var parityShards: Int = 8
    /// Groups whose shards are interleaved on the wire, so a burst of B losses costs each group about B / depth.
    package var interleave: Int = 4
    /// Path MTU; datagrams are sized so that an IPv6 or IPv4 packet carrying one fits without fragmentation.
    package var mtu: Int = 1500
    /// How long a partial group may wait for more data before it is sent short.
    package var linger: Duration = .milliseconds(20)
    package var beaconInterval: Duration = .seconds(1)
    /// Optional scheduled re-sending of every group (sender only; shards tell the receiver how long to wait).
    package var resend: ResendSchedule?

    package init() {}

    package init(dataShards: Int, parityShards: Int, interleave: Int = 4, mtu: Int = 1500) {
        self.dataShards = dataShards
        self.parityShards = parityShards
        self.interleave = interleave
        self.mtu = mtu
    }

    /// UDP payload of one datagram: the MTU less an IPv6 (40) and a UDP (8) header.
    package var datagramSize: Int { mtu - 48 }
    /// Bytes of one shard.
    package var shardSize: Int { datagramSize - DiodeFrame.overhead - ShardPayload.headerSize }
    /// File bytes carried by one chunk item, which fills a data shard on its own.
    package var chunkSize: Int { shardSize - DiodeItem.headerSize - FileItem.chunkOverhead }

    package func validate() throws(DiodeError) {
        _ = try ReedSolomonCode(dataShards: dataShards, parityShards: parityShards)
        guard dataShards <= 255 else { throw DiodeError(.invalidConfiguration, "at most 255 data shards per group") }
        guard (1...64).contains(interleave) else { throw DiodeError(.invalidConfiguration, "interleave depth \(interleave) is not in 1...64") }
        guard (576...65535).contains(mtu) else { throw DiodeError(.invalidConfiguration, "MTU \(mtu) is not in 576...65535") }
        try resend?.validate()
    }

    /// Parses "K+M", as in `--fec 64+8`.
    package static func parseErasureCode(_ text: String) throws(DiodeError) -> (Int, Int) {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let m = Int(parts[1]) else {
            throw DiodeError(.invalidConfiguration, "erasure code '\(text)': expected K+M, for example 64+8")
        }
        return (k, m)
    }

    package var hash: UInt64 {
        let text = "k=\(dataShards) m=\(parityShards) d=\(interleave) mtu=\(mtu)"
        return SHA256.hash(data: Array(text.utf8)).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }
}

/// Every group is sent `count` more times, `after` apart, with fresh packet numbers: a loss burst longer
/// than the erasure code repairs is filled by a later copy, at the cost of `count` times the bandwidth.
package struct ResendSchedule: Equatable, Sendable {
    package var after: Duration
    package var count: Int

    package init(after: Duration, count: Int) {
        self.after = after
        self.count = count
    }

    /// The longest wait a shard can announce (one byte of tenths of a second).
    package static let longestWait: Duration = .milliseconds(25_500)

    package func validate() throws(DiodeError) {
        guard after > .zero, (1...10).contains(count), after * count <= Self.longestWait else {
            throw DiodeError(.invalidConfiguration, "re-send after \(after) × \(count): need a delay > 0, 1...10 copies, at most 25.5 s in all")
        }
    }

    /// Parses `2s`, `500ms`, `1.5s` or plain seconds.
    package static func parseDuration(_ text: String) throws(DiodeError) -> Duration {
        let (digits, scale): (Substring, Double) =
            text.hasSuffix("ms") ? (text.dropLast(2), 1e-3) : text.hasSuffix("s") ? (text.dropLast(), 1) : (Substring(text), 1)
        guard let value = Double(digits), value.isFinite, value > 0 else {
            throw DiodeError(.invalidConfiguration, "'\(text)': expected a duration such as 2s or 500ms")
        }
        // Checked before converting: a huge value does not fit the integer of milliseconds.
        let milliseconds = value * scale * 1000
        guard milliseconds <= longestWait / .milliseconds(1) else {
            throw DiodeError(.invalidConfiguration, "'\(text)': a re-send delay is at most 25.5 s")
        }
        return .milliseconds(Int64(milliseconds.rounded()))
    }

    /// Tenths of a second from a copy to the last copy, when `remaining` copies are still to come.
    package func announcedWait(remaining: Int) -> UInt8 {
        let (seconds, attoseconds) = (after * remaining).components
        return UInt8(clamping: (seconds * 1_000 + attoseconds / 1_000_000_000_000_000 + 99) / 100)
    }
}
