import Crypto
import Foundation
import NIOCore

/// The receiving state machine: authenticates datagrams, refuses replays, collects the shards of each
/// group, rebuilds lost data shards, and releases items strictly in group order. A group that cannot be
/// rebuilt is given up after ``Limits/groupTimeout`` or once the sender is ``Limits/horizon`` groups
/// ahead, so the receiver never stalls behind a hole; the lost sequence numbers are reported exactly.
package final class DiodeReceiver<Instant: InstantProtocol> where Instant.Duration == Duration {
    package struct Limits: Sendable {
        /// How long an incomplete group waits for more shards.
        package var groupTimeout: Duration = .milliseconds(500)
        /// Groups the newest seen group may be ahead of the oldest incomplete one before that one is given up.
        package var horizon: UInt64 = 256
        /// Groups tracked at most; a larger jump skips the oldest (their items are reported as gaps).
        package var maxTracked: UInt64 = 4096

        package init() {}
    }

    package let configuration: DiodeConfiguration
    package let limits: Limits
    package private(set) var telemetry = ReceiverTelemetry()

    private let key: DiodeKey
    private let wallClock: @Sendable () -> UInt64
    private var session: Session?
    private var retiredSessions: [UInt64] = []
    private var groups: [UInt64: GroupAssembly] = [:]
    private var nextGroup: UInt64?
    private var highestGroup: UInt64?
    private var resolveBelow: UInt64 = 0
    private var expected: [DiodeStream: UInt64] = [:]
    private var lastRun: [DiodeStream: UInt16] = [:]
    private var claim: (nextGroup: UInt64, sequences: StreamSequences, run: UInt16)?
    private var decoders: [Int: ErasureDecoder] = [:]
    private var reportedMismatch: UInt64?
    /// The longest re-send wait a shard of this session announced. A group that no shard has revealed
    /// (only a beacon, when the whole group was lost) waits this long, since its copies may still come.
    private var longestResendWait: Duration = .zero

    private struct Session {
        let id: UInt64
        let key: SymmetricKey
        var run: UInt16
        var window = ReplayWindow()
    }

    private final class GroupAssembly {
        /// When the group is given up unless complete: the group timeout plus the announced re-send
        /// wait after the latest shard of the group (or after it was revealed).
        var deadline: Instant
        /// The longest re-send wait announced for this group; zero when no copy is to come.
        var resendWait: Duration
        var shape: (k: Int, m: Int, length: Int, run: UInt16)?
        /// Every shard of the group at `index * length`; `present` tells which arrived.
        var storage: [UInt8] = []
        var present: [Bool] = []
        var received = 0
        var items: [DiodeItem]?

        init(deadline: Instant, resendWait: Duration) {
            self.deadline = deadline
            self.resendWait = resendWait
        }
    }

    package init(key: DiodeKey, configuration: DiodeConfiguration, limits: Limits = .init(), wallClock: @escaping @Sendable () -> UInt64) {
        self.key = key
        self.configuration = configuration
        self.limits = limits
        self.wallClock = wallClock
    }

    /// Processes one datagram; returns what became deliverable.
    package func receive(_ datagram: ByteBuffer, now: Instant) -> [DiodeEvent] {
        var events = [DiodeEvent]()
        datagram.withUnsafeReadableBytes { receive($0, now: now, events: &events) }
        return events
    }

    /// Processes one datagram held in `bytes`; appends what became deliverable to `events`.
    package func receive(_ bytes: UnsafeRawBufferPointer, now: Instant, events: inout [DiodeEvent]) {
        telemetry.datagrams += 1
        telemetry.bytes += UInt64(bytes.count)
        do { try handle(bytes, now: now, events: &events) } catch { telemetry.count(error) }
        release(now: now, events: &events)
    }

    /// Gives up overdue groups; call at least every ``Limits/groupTimeout``.
    package func tick(now: Instant) -> [DiodeEvent] {
        var events = [DiodeEvent]()
        release(now: now, events: &events)
        return events
    }

    // MARK: - Datagrams

    private func handle(_ datagram: UnsafeRawBufferPointer, now: Instant, events: inout [DiodeEvent]) throws(DiodeFrameError) {
        let header = try DiodeFrame.peekHeader(datagram)
        let sessionKey: SymmetricKey
        if let current = session, current.id == header.session {
            guard current.window.allows(header.packetNumber) else {
                throw DiodeFrameError(.replayed, "packet \(header.packetNumber)")
            }
            sessionKey = current.key
        } else if retiredSessions.contains(header.session) {
            throw DiodeFrameError(.retiredSession, "session \(String(header.session, radix: 16))")
        } else {
            sessionKey = key.sessionKey(header.session)
        }
        let payload = try DiodeFrame.openPayload(datagram, packetNumber: header.packetNumber, session: header.session, with: sessionKey)
        switch header.kind {
        case .shard:
            try payload.withUnsafeBytes { bytes in
                Result { () throws(DiodeFrameError) in
                    let shard = try ShardPayload.Header(bytes)
                    try accept(header.session, header.packetNumber, key: sessionKey, run: shard.run, boundary: shard.group, now: now, events: &events)
                    telemetry.shards += 1
                    try add(shard, bytes: UnsafeRawBufferPointer(rebasing: bytes[ShardPayload.headerSize...]), now: now)
                }
            }.get()
        case .beacon:
            let beacon = try BeaconPayload.decode(Array(payload))
            try accept(header.session, header.packetNumber, key: sessionKey, run: beacon.run, boundary: beacon.nextGroup, now: now, events: &events)
            handle(beacon, now: now, events: &events)
        }
    }

    /// Records the packet number and follows session and run changes.
    private func accept(
        _ sessionID: UInt64, _ packetNumber: UInt64, key sessionKey: SymmetricKey, run: UInt16, boundary: UInt64, now: Instant,
        events: inout [DiodeEvent]
    ) throws(DiodeFrameError) {
        if session?.id != sessionID {
            startSession(sessionID, key: sessionKey, run: run, now: now, events: &events)
        } else if let current = session, run > current.run {
            session?.run = run
            telemetry.senderRestarts += 1
            events.append(.senderRestarted(session: sessionID, run: run))
            // Groups numbered before the restart and not yet seen were never sent.
            resolveBelow = max(resolveBelow, boundary)
        }
        session?.window.record(packetNumber)
    }

    private func startSession(_ id: UInt64, key sessionKey: SymmetricKey, run: UInt16, now: Instant, events: inout [DiodeEvent]) {
        if let previous = session {
            resolveBelow = UInt64.max
            release(now: now, events: &events)
            retiredSessions.append(previous.id)
            if retiredSessions.count > 64 { retiredSessions.removeFirst() }
        }
        session = Session(id: id, key: sessionKey, run: run)
        groups.removeAll()
        nextGroup = nil
        highestGroup = nil
        resolveBelow = 0
        expected.removeAll()
        lastRun.removeAll()
        claim = nil
        longestResendWait = .zero
        telemetry.sessions += 1
        events.append(.sessionStarted(session: id, run: run))
    }

    private func handle(_ beacon: BeaconPayload, now: Instant, events: inout [DiodeEvent]) {
        telemetry.beacons += 1
        telemetry.senderDatagrams = beacon.counters.datagrams
        telemetry.lastBeaconLatencyMicroseconds = (Int64(bitPattern: wallClock()) - Int64(bitPattern: beacon.sentAtNanoseconds)) / 1000
        if beacon.configHash != configuration.hash, reportedMismatch != beacon.configHash {
            reportedMismatch = beacon.configHash
            telemetry.configurationMismatches += 1
            events.append(.configurationMismatch(senderHash: beacon.configHash, receiverHash: configuration.hash))
        }
        guard let next = nextGroup else {
            // A receiver that starts between transfers catches up here without reporting the past as lost.
            nextGroup = beacon.nextGroup
            for stream in DiodeStream.allCases { expected[stream] = beacon.nextSequences[stream] }
            return
        }
        if beacon.nextGroup > next { trackGroups(through: beacon.nextGroup - 1, now: now, resendWait: longestResendWait) }
        claim = (beacon.nextGroup, beacon.nextSequences, beacon.run)
    }

    // MARK: - Groups

    private func add(_ shard: ShardPayload.Header, bytes: UnsafeRawBufferPointer, now: Instant) throws(DiodeFrameError) {
        let resendWait = Duration.milliseconds(100 * Int(shard.resendWait))
        longestResendWait = max(longestResendWait, resendWait)
        if nextGroup == nil { nextGroup = shard.group }
        guard shard.group >= nextGroup! else {
            telemetry.lateShards += 1
            return
        }
        if shard.group - nextGroup! >= limits.maxTracked { skip(to: shard.group - limits.maxTracked + 1) }
        trackGroups(through: shard.group, now: now, resendWait: resendWait)
        let assembly = groups[shard.group]!
        assembly.resendWait = max(assembly.resendWait, resendWait)
        assembly.deadline = max(assembly.deadline, now.advanced(by: limits.groupTimeout + resendWait))
        if let shape = assembly.shape {
            guard shape.k == shard.dataShards, shape.m == shard.parityShards, shape.length == bytes.count else {
                throw DiodeFrameError(.malformedPayload, "shard \(shard.index) of group \(shard.group) does not match the group's shape")
            }
        } else {
            assembly.shape = (shard.dataShards, shard.parityShards, bytes.count, shard.run)
            assembly.storage = [UInt8](repeating: 0, count: (shard.dataShards + shard.parityShards) * bytes.count)
            assembly.present = [Bool](repeating: false, count: shard.dataShards + shard.parityShards)
        }
        guard assembly.items == nil, !assembly.present[shard.index] else {
            telemetry.lateShards += 1
            return
        }
        let offset = shard.index * bytes.count
        assembly.storage.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        assembly.present[shard.index] = true
        assembly.received += 1
        if assembly.received >= shard.dataShards { try decode(assembly, group: shard.group) }
    }

    private func decode(_ assembly: GroupAssembly, group: UInt64) throws(DiodeFrameError) {
        let (k, m, length, _) = assembly.shape!
        let missing = (0..<k).filter { !assembly.present[$0] }
        let shape = k << 9 | m
        let decoder: ErasureDecoder
        if let cached = decoders[shape] {
            decoder = cached
        } else {
            // The shape was validated when the shard was decoded (k ≥ 1, k + m ≤ 256).
            decoder = ErasureDecoder(code: try! ReedSolomonCode(dataShards: k, parityShards: m))
            decoders[shape] = decoder
        }
        let items = try assembly.storage.withUnsafeMutableBytes { storage in
            let base = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if !missing.isEmpty {
                let present = Array((0..<(k + m)).filter { assembly.present[$0] }.prefix(k))
                decoder.rebuild(
                    present: present, sources: present.map { UnsafePointer(base + $0 * length) }, missing: missing,
                    destinations: missing.map { base + $0 * length }, length: length)
            }
            return Result { () throws(DiodeFrameError) in
                try DiodeItem.decodeAll(UnsafeRawBufferPointer(start: base, count: k * length), shardLength: length)
            }
        }.get()
        assembly.items = items
        assembly.storage = []
        assembly.present = []
        if missing.isEmpty {
            telemetry.groupsClean += 1
        } else {
            telemetry.groupsRepaired += 1
            telemetry.parityShardsUsed += UInt64(missing.count)
            telemetry.maxFECMarginUsedPercent = max(telemetry.maxFECMarginUsedPercent, UInt64(missing.count * 100 / max(m, 1)))
        }
    }

    /// Creates empty assemblies for groups not seen yet up to `group`, so that they time out too;
    /// `resendWait` is how long their re-sent copies may still take.
    private func trackGroups(through group: UInt64, now: Instant, resendWait: Duration) {
        guard let next = nextGroup, group >= next else { return }
        let start = max(next, (highestGroup ?? next &- 1) &+ 1)
        if start <= group {
            let deadline = now.advanced(by: limits.groupTimeout + resendWait)
            for id in start...group where groups[id] == nil { groups[id] = GroupAssembly(deadline: deadline, resendWait: resendWait) }
        }
        highestGroup = max(highestGroup ?? group, group)
    }

    private func skip(to group: UInt64) {
        guard let next = nextGroup, group > next else { return }
        for id in groups.keys where id < group {
            if groups[id]?.items == nil { telemetry.groupsLost += 1 }
            groups[id] = nil
        }
        nextGroup = group
        if let highest = highestGroup, highest < group { highestGroup = nil }
    }

    private func release(now: Instant, events: inout [DiodeEvent]) {
        while let group = nextGroup, let assembly = groups[group] {
            if let items = assembly.items {
                deliver(items, run: assembly.shape!.run, events: &events)
            } else if group < resolveBelow || now >= assembly.deadline
                || (assembly.resendWait == .zero && (highestGroup ?? group) - group >= limits.horizon)
            {
                telemetry.groupsLost += 1
            } else {
                break
            }
            groups[group] = nil
            nextGroup = group + 1
        }
        if let claim, let next = nextGroup, next >= claim.nextGroup {
            for stream in DiodeStream.allCases {
                let claimed = claim.sequences[stream]
                if let expectedNext = expected[stream], expectedNext < claimed {
                    reportGap(stream, expectedNext, claimed - 1, run: claim.run, events: &events)
                }
                expected[stream] = max(expected[stream] ?? claimed, claimed)
            }
            self.claim = nil
        }
    }

    private func deliver(_ items: [DiodeItem], run: UInt16, events: inout [DiodeEvent]) {
        for item in items {
            if let expectedNext = expected[item.stream] {
                if item.sequence < expectedNext { continue }
                if item.sequence > expectedNext {
                    reportGap(item.stream, expectedNext, item.sequence - 1, run: run, events: &events)
                }
            }
            expected[item.stream] = item.sequence + 1
            lastRun[item.stream] = run
            switch item.stream {
            case .records:
                telemetry.records += 1
                events.append(.record(item.body, sequence: item.sequence))
            case .syslog:
                telemetry.syslogMessages += 1
                events.append(.syslog(item.body))
            case .files:
                do { events.append(.file(try FileItem.decode(item.body))) } catch { telemetry.count(error) }
            }
        }
    }

    private func reportGap(_ stream: DiodeStream, _ first: UInt64, _ last: UInt64, run: UInt16, events: inout [DiodeEvent]) {
        let restarted = run > (lastRun[stream] ?? run)
        let gap = DiodeGap(stream: stream, firstSequence: first, lastSequence: last, reason: restarted ? .senderRestart : .loss)
        telemetry.gaps += 1
        telemetry.itemsLost += gap.count
        events.append(.gap(gap))
    }
}
