import NIOCore

/// A seeded model of a bad one-way link: random loss, loss bursts, reordering, duplication and
/// corruption. The same seed and input give the same output, so impaired runs are reproducible.
package struct LinkImpairment: Sendable {
    package struct Profile: Sendable, Equatable {
        /// Probability that one datagram is dropped.
        package var loss = 0.0
        /// Probability that a burst starts at a datagram, and how many datagrams it drops.
        package var burstProbability = 0.0
        package var burstLength = 0
        /// Probability that a datagram is held back and delivered after up to `reorderDepth` later ones.
        package var reorder = 0.0
        package var reorderDepth = 8
        package var duplicate = 0.0
        /// Probability that one byte of a datagram is flipped.
        package var corrupt = 0.0
        /// Datagrams lost in one outage, counted from the first datagram that enters the link (0-based).
        package var outage: Range<Int>?

        package init(
            loss: Double = 0, burstProbability: Double = 0, burstLength: Int = 0, reorder: Double = 0, reorderDepth: Int = 8,
            duplicate: Double = 0, corrupt: Double = 0, outage: Range<Int>? = nil
        ) {
            self.loss = loss
            self.burstProbability = burstProbability
            self.burstLength = burstLength
            self.reorder = reorder
            self.reorderDepth = reorderDepth
            self.duplicate = duplicate
            self.corrupt = corrupt
            self.outage = outage
        }
    }

    package struct Counters: Sendable, Equatable {
        package var forwarded = 0
        package var dropped = 0
        package var bursts = 0
        package var reordered = 0
        package var duplicated = 0
        package var corrupted = 0
    }

    package let profile: Profile
    package private(set) var counters = Counters()
    private var random: SplitMix64
    private var burstRemaining = 0
    private var held: [(release: Int, datagram: ByteBuffer)] = []
    private var processed = 0

    package init(profile: Profile, seed: UInt64) {
        self.profile = profile
        random = SplitMix64(seed: seed)
    }

    /// What the link delivers after `datagram` enters it (possibly nothing, possibly several).
    package mutating func process(_ datagram: ByteBuffer) -> [ByteBuffer] {
        processed += 1
        var output = releaseHeld()
        if profile.outage?.contains(processed - 1) == true {
            counters.dropped += 1
            return output
        }
        if burstRemaining == 0, chance(profile.burstProbability), profile.burstLength > 0 {
            burstRemaining = profile.burstLength
            counters.bursts += 1
        }
        if burstRemaining > 0 {
            burstRemaining -= 1
            counters.dropped += 1
            return output
        }
        if chance(profile.loss) {
            counters.dropped += 1
            return output
        }
        var datagram = datagram
        if chance(profile.corrupt), datagram.readableBytes > 0 {
            let offset = datagram.readerIndex + Int(random.next() % UInt64(datagram.readableBytes))
            datagram.setInteger(datagram.getInteger(at: offset, as: UInt8.self)! ^ 0x5A, at: offset)
            counters.corrupted += 1
        }
        if chance(profile.reorder) {
            held.append((processed + 1 + Int(random.next() % UInt64(max(profile.reorderDepth, 1))), datagram))
            counters.reordered += 1
            return output
        }
        output.append(datagram)
        if chance(profile.duplicate) {
            output.append(datagram)
            counters.duplicated += 1
        }
        counters.forwarded += output.count
        return output
    }

    /// Everything still held back, in order.
    package mutating func flush() -> [ByteBuffer] {
        defer { held.removeAll() }
        counters.forwarded += held.count
        return held.map(\.datagram)
    }

    private mutating func releaseHeld() -> [ByteBuffer] {
        let due = held.filter { $0.release <= processed }.map(\.datagram)
        held.removeAll { $0.release <= processed }
        counters.forwarded += due.count
        return due
    }

    private mutating func chance(_ probability: Double) -> Bool {
        probability > 0 && Double(random.next() >> 11) / Double(1 << 53) < probability
    }
}

/// Vigna's SplitMix64: tiny, fast and good enough to drive impairments reproducibly.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
