import DataDiode
import DiodeServices
import Foundation
import NIOCore
import Testing

@Suite struct TransferTests {
    private func contents(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return generator.bytes(count)
    }

    private func recordValues(_ link: DiodeLink) -> [Int] {
        link.records.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])?["value"] as? Int
        }
    }

    @Test func cleanLinkDeliversFilesRecordsAndSyslogInOrder() throws {
        let link = try DiodeLink()
        let file = contents(300_000, seed: 1)
        try link.submitFile("report.csv", file)
        try link.submitRecords(0..<500)
        link.sender.submitSyslog(Array("<13>Nov 26 12:00:00 plc01 started".utf8), now: link.clock.now)
        try link.run()
        #expect(link.storedFile("report.csv") == file)
        #expect(recordValues(link) == Array(0..<500))
        #expect(link.syslog.map { String(decoding: $0, as: UTF8.self) } == ["<13>Nov 26 12:00:00 plc01 started"])
        #expect(link.gaps.isEmpty)
        #expect(link.receiver.telemetry.groupsClean > 0)
        #expect(link.receiver.telemetry.groupsRepaired == 0)
        #expect(link.outcomes.map(\.status) == [.completed])
        #expect(link.sender.takeFinishedFiles() == ["report.csv"])
    }

    @Test func onePercentLossWithTenDatagramBurstsIsFullyRepaired() throws {
        let profile = LinkImpairment.Profile(loss: 0.01, burstProbability: 0.002, burstLength: 10)
        let link = try DiodeLink(configuration: DiodeConfiguration(dataShards: 64, parityShards: 8), profile: profile, seed: 42)
        let file = contents(8_000_000, seed: 2)
        try link.submitFile("archive.bin", file)
        try link.submitRecords(0..<2000)
        try link.run()
        #expect(link.impairment.counters.bursts > 0)
        #expect(link.impairment.counters.dropped > 0)
        #expect(link.gaps.isEmpty)
        #expect(link.storedFile("archive.bin") == file)
        #expect(recordValues(link) == Array(0..<2000))
        #expect(link.receiver.telemetry.groupsRepaired > 0)
        #expect(link.receiver.telemetry.groupsLost == 0)
    }

    @Test func fivePercentLossIsRepairedWith64Plus16() throws {
        let link = try DiodeLink(
            configuration: DiodeConfiguration(dataShards: 64, parityShards: 16), profile: .init(loss: 0.05), seed: 7)
        let file = contents(5_000_000, seed: 3)
        try link.submitFile("trend.dat", file)
        try link.run()
        #expect(link.gaps.isEmpty)
        #expect(link.storedFile("trend.dat") == file)
        #expect(link.receiver.telemetry.maxFECMarginUsedPercent > 0)
    }

    @Test func reorderedAndDuplicatedDatagramsAreHandled() throws {
        let profile = LinkImpairment.Profile(reorder: 0.05, reorderDepth: 30, duplicate: 0.05)
        let link = try DiodeLink(profile: profile, seed: 11)
        let file = contents(1_000_000, seed: 4)
        try link.submitFile("batch.json", file)
        try link.submitRecords(0..<300)
        try link.run()
        #expect(link.impairment.counters.reordered > 0 && link.impairment.counters.duplicated > 0)
        #expect(link.storedFile("batch.json") == file)
        #expect(recordValues(link) == Array(0..<300))
        #expect(link.gaps.isEmpty)
        #expect(link.receiver.telemetry.replayed > 0)
    }

    @Test func corruptedDatagramsAreRejectedAndRepairedAround() throws {
        let link = try DiodeLink(profile: .init(corrupt: 0.01), seed: 5)
        let file = contents(2_000_000, seed: 5)
        try link.submitFile("image.bin", file)
        try link.run()
        #expect(link.impairment.counters.corrupted > 0)
        #expect(link.receiver.telemetry.authenticationFailures + link.receiver.telemetry.malformed == UInt64(link.impairment.counters.corrupted))
        #expect(link.storedFile("image.bin") == file)
    }

    @Test func senderRestartContinuesTheSequenceAndIsNotReportedAsLoss() throws {
        let link = try DiodeLink()
        let first = contents(3_000_000, seed: 6)
        try link.submitFile("first.bin", first)
        try link.run(limit: 700)
        let before = link.sender.state
        try link.restartSender()
        #expect(link.sender.state.session == before.session)
        #expect(link.sender.state.run == before.run + 1)
        #expect(link.sender.state.packetNumberReservedUntil > before.packetNumberReservedUntil)
        try link.submitFile("first.bin", first)
        let second = contents(100_000, seed: 7)
        try link.submitFile("second.bin", second)
        try link.submitRecords(0..<50)
        try link.run()
        #expect(link.events.contains { if case .senderRestarted(before.session, 1) = $0.event { true } else { false } })
        #expect(link.receiver.telemetry.sessions == 1)
        #expect(!link.gaps.isEmpty)
        #expect(link.gaps.allSatisfy { $0.reason == .senderRestart })
        #expect(link.outcomes.first { $0.name == "first.bin" }?.status == .failed)
        #expect(link.storedFile("first.bin") == first)
        #expect(link.storedFile("second.bin") == second)
        #expect(recordValues(link) == Array(0..<50))
        #expect(link.leftoverPartials.isEmpty)
    }

    @Test func receiverRestartCatchesUpWithoutStallingOrHalfFiles() throws {
        let link = try DiodeLink()
        let big = contents(3_000_000, seed: 8)
        try link.submitFile("big.bin", big)
        try link.run(limit: 900)
        try link.restartReceiver()
        try link.run()
        let outcome = try #require(link.outcomes.last)
        #expect(outcome.status == .failed && outcome.name == "big.bin")
        #expect(link.storedFile("big.bin") == nil)
        #expect(link.leftoverPartials.isEmpty)
        let later = contents(200_000, seed: 9)
        try link.submitFile("later.bin", later)
        try link.submitRecords(0..<20)
        try link.run()
        #expect(link.storedFile("later.bin") == later)
        #expect(recordValues(link) == Array(0..<20))
        #expect(link.gaps.isEmpty)
    }

    @Test func lossBeyondCapacityIsReportedExactlyAndLaterDataArrives() throws {
        var configuration = DiodeConfiguration(dataShards: 16, parityShards: 2, interleave: 1)
        configuration.linger = .milliseconds(5)
        let link = try DiodeLink(configuration: configuration)
        try link.submitRecords(0..<3000)
        let doomed = contents(50_000, seed: 10)
        try link.submitFile("doomed.bin", doomed)
        try link.submitRecords(3000..<6000)
        let survivor = contents(50_000, seed: 11)
        try link.submitFile("survivor.bin", survivor)
        var lastDropped: ManualClock.Instant?
        let clock = link.clock
        // Three shards of every group from datagram 150 to 260: more than the two parity shards repair.
        link.dropWhen = { index, _ in
            let drop = (150..<260).contains(index) && index % 18 < 3
            if drop { lastDropped = clock.now }
            return drop
        }
        try link.run()
        let delivered = Set(recordValues(link))
        let missing = Set(0..<6000).subtracting(delivered)
        #expect(!missing.isEmpty)
        let recordGaps = link.gaps.filter { $0.stream == .records }
        let reported = Set(recordGaps.flatMap { Int($0.firstSequence)...Int($0.lastSequence) })
        #expect(reported == missing)
        #expect(recordGaps.allSatisfy { $0.reason == .loss })
        #expect(delivered.contains(5999))
        #expect(link.storedFile("survivor.bin") == survivor)
        let failed = link.outcomes.filter { $0.status == .failed }
        if failed.isEmpty { #expect(link.storedFile("doomed.bin") == doomed) } else { #expect(link.storedFile("doomed.bin") == nil) }
        let firstGapAt = try #require(link.events.first { if case .gap = $0.event { true } else { false } }?.at)
        let dropped = try #require(lastDropped)
        #expect(firstGapAt <= dropped.advanced(by: link.receiver.limits.groupTimeout + .seconds(1)))
        #expect(link.receiver.telemetry.groupsLost > 0)
    }

    @Test func aLostFileIsReportedByNameAndNeverHalfWritten() throws {
        var configuration = DiodeConfiguration(dataShards: 8, parityShards: 1, interleave: 1)
        configuration.linger = .milliseconds(5)
        let link = try DiodeLink(configuration: configuration)
        let victim = contents(40_000, seed: 12)
        try link.submitFile("victim.bin", victim)
        let after = contents(40_000, seed: 13)
        try link.submitFile("after.bin", after)
        link.dropWhen = { index, _ in (5...6).contains(index) }
        try link.run()
        #expect(link.outcomes.contains { $0.name == "victim.bin" && $0.status == .failed })
        #expect(link.storedFile("victim.bin") == nil)
        #expect(link.storedFile("after.bin") == after)
        #expect(link.leftoverPartials.isEmpty)
        #expect(link.gaps.contains { $0.stream == .files && $0.reason == .loss })
    }

    @Test func lossOfTheLastGroupIsReportedFromTheBeacon() throws {
        var configuration = DiodeConfiguration(dataShards: 4, parityShards: 1, interleave: 1)
        configuration.linger = .milliseconds(5)
        let link = try DiodeLink(configuration: configuration)
        try link.submitRecords(0..<10)
        try link.run()
        try link.submitRecords(10..<12)
        let start = link.datagramsSent
        link.dropWhen = { index, datagram in index > start && (try? DiodeFrame.peekHeader(datagram).kind) == .shard }
        try link.run()
        #expect(link.gaps == [DiodeGap(stream: .records, firstSequence: 10, lastSequence: 11, reason: .loss)])
    }

    @Test func receiverReportsAConfigurationMismatch() throws {
        let link = try DiodeLink()
        let receiver = DiodeReceiver<ManualClock.Instant>(
            key: link.key, configuration: DiodeConfiguration(dataShards: 32, parityShards: 4), wallClock: { 0 })
        let beacon = try #require(try link.sender.nextDatagram(now: link.clock.now))
        let events = receiver.receive(beacon, now: link.clock.now)
        #expect(events.contains { if case .configurationMismatch = $0 { true } else { false } })
        #expect(receiver.telemetry.configurationMismatches == 1)
    }

    @Test func invalidRecordsAreRefusedAndCounted() throws {
        let link = try DiodeLink()
        #expect(throws: DiodeError(.invalidRecord, "")) { try link.sender.submitRecord(Array(#"{"tag":"x"}"#.utf8), now: link.clock.now) }
        #expect(throws: DiodeError(.invalidRecord, "")) { try link.sender.submitRecord(Array("not json".utf8), now: link.clock.now) }
        #expect(link.sender.counters.itemsDropped == 2)
        #expect(throws: DiodeError(.fileSystem, "")) {
            try link.sender.submitFile(MemoryFile(name: "../etc/passwd", contents: []), token: "x", now: link.clock.now)
        }
    }

    /// 300 datagrams in a row are lost, far more than 4 interleaved groups with 8 parity shards each
    /// repair. Without re-sending that is a reported gap; with `--resend-after 2s` the later copy fills
    /// it, and the copies of the groups that did arrive are ignored: every record and the file arrive once.
    @Test func aBurstBeyondTheCodeIsFilledByTheScheduledResendAndNothingIsDeliveredTwice() throws {
        let file = contents(2_000_000, seed: 30)
        func transfer(resend: ResendSchedule?) throws -> DiodeLink {
            var configuration = DiodeConfiguration(dataShards: 64, parityShards: 8)
            configuration.resend = resend
            let link = try DiodeLink(configuration: configuration, profile: .init(loss: 0.005), seed: 31)
            try link.submitRecords(0..<1500)
            try link.submitFile("batch.bin", file)
            try link.submitRecords(1500..<3000)
            link.dropWhen = { index, _ in (200..<500).contains(index) }
            try link.run()
            return link
        }
        let without = try transfer(resend: nil)
        #expect(without.receiver.telemetry.groupsLost > 0)
        #expect(!without.gaps.isEmpty)

        let with = try transfer(resend: ResendSchedule(after: .seconds(2), count: 1))
        #expect(with.gaps.isEmpty)
        #expect(with.receiver.telemetry.groupsLost == 0)
        #expect(with.sender.counters.resentGroups > 0)
        #expect(with.receiver.telemetry.lateShards > 0)
        #expect(recordValues(with) == Array(0..<3000))
        #expect(with.outcomes.map(\.status) == [.completed])
        #expect(with.storedFile("batch.bin") == file)
    }

    /// The first copy of every datagram of the last groups is lost, so only a beacon tells the receiver
    /// they exist. The shards it saw before were last copies announcing no further wait; the lost groups
    /// must still wait for their own scheduled copy, which is the only one that arrives.
    @Test func lastGroupsLostEntirelyAreFilledByTheirScheduledResend() throws {
        var configuration = DiodeConfiguration(dataShards: 4, parityShards: 1, interleave: 1)
        configuration.linger = .milliseconds(5)
        configuration.resend = ResendSchedule(after: .seconds(2), count: 1)
        let link = try DiodeLink(configuration: configuration)
        try link.submitRecords(0..<10)
        try link.run()
        #expect(recordValues(link) == Array(0..<10))
        let key = link.key
        link.dropWhen = { _, datagram in
            guard let frame = try? DiodeFrame.open(datagram, with: key.sessionKey(DiodeFrame.peekHeader(datagram).session)),
                frame.kind == .shard, let shard = try? ShardPayload.decode(frame.payload)
            else { return false }
            return shard.resendWait > 0
        }
        try link.submitRecords(10..<200)
        try link.run()
        #expect(link.sender.counters.resentGroups > 2)
        #expect(link.gaps.isEmpty)
        #expect(link.receiver.telemetry.groupsLost == 0)
        #expect(recordValues(link) == Array(0..<200))
    }

    /// A copy that goes out late (the sender was busy) does not move the copies after it: each stays
    /// `after` from the previous planned time.
    @Test func aLateResentCopyDoesNotDelayTheNextOne() throws {
        var configuration = DiodeConfiguration(dataShards: 4, parityShards: 1, interleave: 1)
        configuration.linger = .milliseconds(5)
        configuration.beaconInterval = .seconds(3600)
        configuration.resend = ResendSchedule(after: .seconds(1), count: 3)
        let link = try DiodeLink(configuration: configuration)
        let sender = link.sender
        try link.submitRecords(0..<3)
        #expect(try sender.nextDatagrams(now: link.clock.now, limit: 64) != nil)
        link.clock.advance(by: .milliseconds(5))
        let firstCopy = link.clock.now
        while try sender.nextDatagrams(now: firstCopy, limit: 64) != nil {}
        #expect(sender.nextDeadline == firstCopy.advanced(by: .seconds(1)))
        let late = firstCopy.advanced(by: .milliseconds(1700))
        while try sender.nextDatagrams(now: late, limit: 64) != nil {}
        #expect(sender.counters.resentGroups == 1)
        #expect(sender.nextDeadline == firstCopy.advanced(by: .seconds(2)))
    }

    /// The groups of a batch share one shard length, so the whole batch leaves as one run of equal
    /// datagrams (one segmentation-offload send), and the receiver decodes it.
    @Test func theGroupsOfABatchShareOneDatagramSize() throws {
        var configuration = DiodeConfiguration(dataShards: 4, parityShards: 1, interleave: 2)
        configuration.linger = .milliseconds(5)
        let link = try DiodeLink(configuration: configuration)
        // Two records fill a shard: the first group takes eight in four full shards, the second one
        // record in a half-full shard.
        let prefix = #"{"tag":"FIC-1","timestamp":"2026-11-26T00:00:00Z","quality":"good","value":"#
        let lineLength = configuration.shardSize / 2 - DiodeItem.headerSize
        for index in 0..<9 {
            let value = String(index)
            let line = prefix + String(repeating: " ", count: lineLength - prefix.utf8.count - value.utf8.count - 1) + value + "}"
            try link.sender.submitRecord(Array(line.utf8), now: link.clock.now)
        }
        let beacon = try #require(try link.sender.nextDatagrams(now: link.clock.now, limit: 64))
        #expect(beacon.count == 1)
        link.deliver(link.receiver.receive(ByteBuffer(bytes: beacon.bytes), now: link.clock.now))
        link.clock.advance(by: .milliseconds(5))
        let run = try #require(try link.sender.nextDatagrams(now: link.clock.now, limit: 64))
        #expect(run.count == 5 + 2)
        for index in 0..<run.count {
            let datagram = UnsafeRawBufferPointer(rebasing: run.bytes[(index * run.datagramSize)..<((index + 1) * run.datagramSize)])
            link.deliver(link.receiver.receive(ByteBuffer(bytes: datagram), now: link.clock.now))
        }
        #expect(recordValues(link) == Array(0..<9))
        #expect(link.gaps.isEmpty)
    }

    @Test func resendSchedulesAreValidatedAndAnnouncedInTenthsOfASecond() throws {
        #expect(ResendSchedule(after: .seconds(2), count: 1).announcedWait(remaining: 1) == 20)
        #expect(ResendSchedule(after: .milliseconds(250), count: 3).announcedWait(remaining: 3) == 8)
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ResendSchedule(after: .seconds(20), count: 2).validate() }
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ResendSchedule(after: .zero, count: 1).validate() }
        #expect(try ResendSchedule.parseDuration("500ms") == .milliseconds(500))
        #expect(try ResendSchedule.parseDuration("1.5s") == .milliseconds(1500))
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ResendSchedule.parseDuration("soon") }
        #expect(try ResendSchedule.parseDuration("25.5s") == .milliseconds(25_500))
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ResendSchedule.parseDuration("1e20s") }
        #expect(throws: DiodeError(.invalidConfiguration, "")) { try ResendSchedule.parseDuration("25501ms") }
    }
}
