import DataDiode
import DiodeServices
import Foundation
import NIOCore
import Testing

@Suite struct DatagramSecurityTests {
    private func datagrams(_ link: DiodeLink, count: Int) throws -> [ByteBuffer] {
        try link.submitRecords(0..<200)
        link.clock.advance(by: .milliseconds(100))
        var result = [ByteBuffer]()
        while result.count < count, let datagram = try link.sender.nextDatagram(now: link.clock.now) { result.append(datagram) }
        return result
    }

    @Test func sealedFramesOpenAndRoundTrip() throws {
        let key = DiodeKey.generate().sessionKey(99)
        let frame = DiodeFrame(kind: .shard, session: 99, packetNumber: 7, payload: Array("payload".utf8))
        let sealed = frame.sealed(with: key)
        #expect(sealed.readableBytes == DiodeFrame.overhead + 7)
        #expect(try DiodeFrame.open(sealed, with: key) == frame)
    }

    @Test func forgedReplayedCorruptedAndTruncatedDatagramsAreRejectedAndCounted() throws {
        let link = try DiodeLink()
        let genuine = try datagrams(link, count: 6)
        let receiver = link.receiver
        let now = link.clock.now
        let forger = try DiodeLink()
        let forged = try datagrams(forger, count: 2)
        for datagram in forged { _ = receiver.receive(datagram, now: now) }
        #expect(receiver.telemetry.authenticationFailures == 2)

        var withForgedSession = genuine[1]
        withForgedSession.setInteger(UInt64(0xDEAD), at: 4)
        _ = receiver.receive(withForgedSession, now: now)
        #expect(receiver.telemetry.authenticationFailures == 3)

        for datagram in genuine { _ = receiver.receive(datagram, now: now) }
        _ = receiver.receive(genuine[2], now: now)
        _ = receiver.receive(genuine[3], now: now)
        #expect(receiver.telemetry.replayed == 2)

        var corrupted = genuine[4]
        corrupted.setInteger(UInt8(0xFF) ^ corrupted.getInteger(at: 40)!, at: 40)
        let before = receiver.telemetry.authenticationFailures
        let fresh = try DiodeLink()
        let target = fresh.receiver
        _ = target.receive(corrupted, now: now)
        #expect(target.telemetry.authenticationFailures == 1)
        #expect(receiver.telemetry.authenticationFailures == before)

        _ = receiver.receive(ByteBuffer(bytes: [0x5A, 0x44, 1, 1]), now: now)
        _ = receiver.receive(ByteBuffer(bytes: [UInt8](repeating: 0, count: 64)), now: now)
        #expect(receiver.telemetry.malformed == 2)
        #expect(receiver.telemetry.shards + receiver.telemetry.beacons == UInt64(genuine.count))
    }

    @Test func aRetiredSessionCannotBeReplayed() throws {
        let link = try DiodeLink()
        let old = try datagrams(link, count: 3)
        let receiver = link.receiver
        for datagram in old.prefix(2) { _ = receiver.receive(datagram, now: link.clock.now) }
        let replacement = try DiodeSender<ManualClock.Instant>(
            key: link.key, configuration: .init(), state: nil, store: nil, now: link.clock.now, wallClock: { 0 })
        let events = receiver.receive(try #require(try replacement.nextDatagram(now: link.clock.now)), now: link.clock.now)
        #expect(events.contains { if case .sessionStarted = $0 { true } else { false } })
        _ = receiver.receive(old[2], now: link.clock.now)
        #expect(receiver.telemetry.retiredSession == 1)
        #expect(receiver.telemetry.sessions == 2)
    }

    @Test func replayWindowBoundaries() {
        var window = ReplayWindow()
        #expect(window.allows(0))
        window.record(0)
        #expect(!window.allows(0))
        window.record(ReplayWindow.size + 10)
        #expect(!window.allows(10))
        #expect(window.allows(11))
        window.record(11)
        #expect(!window.allows(11))
        #expect(window.allows(ReplayWindow.size + 9))
        #expect(!window.allows(ReplayWindow.size + 10))
    }

    @Test func nastyInputsFromTheCorpusAreRejectedWithoutCrashing() throws {
        let corpus = try #require(Bundle.module.url(forResource: "Fixtures/datagram-corpus", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        #expect(files.count >= 8)
        let receiver = DiodeReceiver<ManualClock.Instant>(key: DiodeKey.generate(), configuration: .init(), wallClock: { 0 })
        for name in files {
            let bytes = Array(try Data(contentsOf: corpus.appendingPathComponent(name)))
            #expect(receiver.receive(ByteBuffer(bytes: bytes), now: ManualClock().now).isEmpty, "\(name)")
            _ = try? ShardPayload.decode(bytes)
            _ = try? BeaconPayload.decode(bytes)
            _ = try? DiodeItem.decodeAll(bytes)
            _ = try? FileItem.decode(bytes)
        }
        #expect(receiver.telemetry.datagrams == UInt64(files.count))
        #expect(receiver.telemetry.shards == 0)
        #expect(throws: DiodeFrameError(.malformedPayload, "")) { try DiodeItem.decodeAll([2, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF]) }
        #expect(throws: DiodeFrameError(.malformedPayload, "")) { try ShardPayload.decode([UInt8](repeating: 0, count: 15)) }
        #expect(throws: DiodeFrameError(.malformedPayload, "")) { try FileItem.decode([1, 0, 0, 0, 0, 0, 0, 0, 1, 0]) }
    }

    @Test func fileItemsRoundTrip() throws {
        let items: [FileItem] = [
            .begin(id: 0x0102_0304_0506_0708, size: 3, chunkCount: 1, name: "a.csv"),
            .chunk(id: 0x0102_0304_0506_0708, index: 0x0A0B_0C0D, data: [7, 8, 9]),
            .chunk(id: 1, index: 0, data: []),
            .end(id: 9, size: 3, chunkCount: 1, sha256: [UInt8](repeating: 0xAB, count: 32), name: "a.csv"),
        ]
        for item in items { #expect(try FileItem.decode(item.encoded()) == item) }
        #expect(FileItem.chunk(id: 1, index: 2, data: [0xFF]).encoded() == [2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0xFF])
    }

    @Test func telemetryRendersAsPrometheusText() throws {
        var telemetry = ReceiverTelemetry()
        telemetry.authenticationFailures = 3
        let text = telemetry.prometheusText()
        #expect(text.contains("# TYPE zonectl_diode_mac_failures_total counter\nzonectl_diode_mac_failures_total 3\n"))
        #expect(text.contains("zonectl_diode_fec_margin_used_max_percent 0"))
    }
}
