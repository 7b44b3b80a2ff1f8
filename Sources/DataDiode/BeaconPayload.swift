import NIOCore

/// The payload of a beacon datagram, sent every second whether or not there is data.
///
/// ```
/// | sent at, Unix ns (64) | run (16) | config hash (64) | next group (64) |
/// | next files seq (64) | next records seq (64) | next syslog seq (64) |
/// | datagrams sent (64) | bytes sent (64) | groups sent (64) | files sent (64) | items dropped (64) |
/// ```
/// "Next" values describe what has fully left the sender: every group below `nextGroup` and every
/// item below the stream's sequence was sent, so a receiver that is behind knows exactly what it lost.
package struct BeaconPayload: Equatable, Sendable {
    package static let size = 8 + 2 + 8 + 8 + 24 + 40

    package var sentAtNanoseconds: UInt64
    package var run: UInt16
    package var configHash: UInt64
    package var nextGroup: UInt64
    package var nextSequences: StreamSequences
    package var counters: SenderCounters

    package init(
        sentAtNanoseconds: UInt64, run: UInt16, configHash: UInt64, nextGroup: UInt64, nextSequences: StreamSequences,
        counters: SenderCounters
    ) {
        self.sentAtNanoseconds = sentAtNanoseconds
        self.run = run
        self.configHash = configHash
        self.nextGroup = nextGroup
        self.nextSequences = nextSequences
        self.counters = counters
    }

    package func encoded() -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(sentAtNanoseconds)
        buffer.writeInteger(run)
        buffer.writeInteger(configHash)
        buffer.writeInteger(nextGroup)
        for stream in DiodeStream.allCases { buffer.writeInteger(nextSequences[stream]) }
        for value in [counters.datagrams, counters.bytes, counters.groups, counters.files, counters.itemsDropped] {
            buffer.writeInteger(value)
        }
        return Array(buffer.readableBytesView)
    }

    package static func decode(_ payload: [UInt8]) throws(DiodeFrameError) -> BeaconPayload {
        guard payload.count == size else { throw DiodeFrameError(.malformedPayload, "beacon of \(payload.count) bytes") }
        var buffer = ByteBuffer(bytes: payload)
        let sentAt: UInt64 = buffer.readInteger()!
        let run: UInt16 = buffer.readInteger()!
        let hash: UInt64 = buffer.readInteger()!
        let nextGroup: UInt64 = buffer.readInteger()!
        var sequences = StreamSequences()
        for stream in DiodeStream.allCases { sequences[stream] = buffer.readInteger()! }
        let counters = SenderCounters(
            datagrams: buffer.readInteger()!, bytes: buffer.readInteger()!, groups: buffer.readInteger()!,
            files: buffer.readInteger()!, itemsDropped: buffer.readInteger()!)
        return BeaconPayload(
            sentAtNanoseconds: sentAt, run: run, configHash: hash, nextGroup: nextGroup, nextSequences: sequences, counters: counters)
    }
}

/// What a sender has done since it started, carried in beacons.
package struct SenderCounters: Equatable, Sendable, Codable {
    package var datagrams: UInt64 = 0
    package var bytes: UInt64 = 0
    package var groups: UInt64 = 0
    package var files: UInt64 = 0
    /// Records or messages refused before numbering (too long for a shard, not a valid record).
    package var itemsDropped: UInt64 = 0
    /// Groups sent again by the re-send schedule (not carried in beacons).
    package var resentGroups: UInt64 = 0

    package init(datagrams: UInt64 = 0, bytes: UInt64 = 0, groups: UInt64 = 0, files: UInt64 = 0, itemsDropped: UInt64 = 0) {
        self.datagrams = datagrams
        self.bytes = bytes
        self.groups = groups
        self.files = files
        self.itemsDropped = itemsDropped
    }
}
