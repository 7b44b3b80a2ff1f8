import DataDiode
import DiodeServices
import Foundation
import NIOCore

/// A sender and a receiver joined by a seeded impaired link, driven by a manual clock: the whole
/// transfer path without sockets.
final class DiodeLink {
    let clock = ManualClock()
    let key = DiodeKey.generate()
    let configuration: DiodeConfiguration
    let output = TemporaryDirectory()
    let stateDirectory = TemporaryDirectory()
    var impairment: LinkImpairment
    private(set) var sender: DiodeSender<ManualClock.Instant>
    private(set) var receiver: DiodeReceiver<ManualClock.Instant>
    private(set) var assembler: FileAssembler
    /// The link does not pass datagrams while this returns true (for targeted losses).
    var dropWhen: (Int, ByteBuffer) -> Bool = { _, _ in false }
    private(set) var datagramsSent = 0

    private(set) var events: [(at: ManualClock.Instant, event: DiodeEvent)] = []
    private(set) var outcomes: [FileAssembler.Outcome] = []

    var stateFile: SenderStateFile { SenderStateFile(path: stateDirectory.file("sender.state")) }

    init(configuration: DiodeConfiguration = .init(), profile: LinkImpairment.Profile = .init(), seed: UInt64 = 1) throws {
        self.configuration = configuration
        impairment = LinkImpairment(profile: profile, seed: seed)
        let clock = clock
        sender = try DiodeSender(
            key: key, configuration: configuration, state: nil, store: SenderStateFile(path: stateDirectory.file("sender.state")),
            now: clock.now, wallClock: { 0 })
        receiver = DiodeReceiver(key: key, configuration: configuration, wallClock: { 0 })
        assembler = try FileAssembler(directory: output.path)
        _ = clock
    }

    var records: [[UInt8]] { events.compactMap { if case .record(let r, _) = $0.event { r } else { nil } } }
    var syslog: [[UInt8]] { events.compactMap { if case .syslog(let m) = $0.event { m } else { nil } } }
    var gaps: [DiodeGap] { events.compactMap { if case .gap(let g) = $0.event { g } else { nil } } }

    func submitFile(_ name: String, _ contents: [UInt8]) throws {
        try sender.submitFile(MemoryFile(name: name, contents: contents), token: name, now: clock.now)
    }

    func submitRecords(_ range: Range<Int>) throws {
        for index in range {
            let line = #"{"tag":"FIC-\#(index % 7)","timestamp":"2026-11-26T00:00:00Z","value":\#(index),"quality":"good"}"#
            try sender.submitRecord(Array(line.utf8), now: clock.now)
        }
    }

    /// Sends until the sender is idle (or `limit` datagrams went out), then lets beacons and timeouts run for `settle`.
    func run(limit: Int? = nil, settle: Duration = .seconds(3)) throws {
        var sent = 0
        while limit.map({ sent < $0 }) ?? true {
            if let datagram = try sender.nextDatagram(now: clock.now) {
                sent += 1
                transmit(datagram)
                clock.advance(by: .microseconds(10))
            } else if sender.hasPendingWork {
                clock.advance(to: max(sender.nextDeadline, clock.now.advanced(by: .milliseconds(1))))
                deliver(receiver.tick(now: clock.now))
            } else {
                break
            }
        }
        guard limit == nil else { return }
        for datagram in impairment.flush() { deliver(receiver.receive(datagram, now: clock.now)) }
        let end = clock.now.advanced(by: settle)
        while clock.now < end {
            while let datagram = try sender.nextDatagram(now: clock.now) { transmit(datagram) }
            clock.advance(by: .milliseconds(50))
            deliver(receiver.tick(now: clock.now))
        }
    }

    private func transmit(_ datagram: ByteBuffer) {
        datagramsSent += 1
        if dropWhen(datagramsSent, datagram) { return }
        for passed in impairment.process(datagram) { deliver(receiver.receive(passed, now: clock.now)) }
    }

    func deliver(_ new: [DiodeEvent]) {
        for event in new {
            events.append((clock.now, event))
            outcomes += assembler.handle(event)
        }
    }

    /// A new sender process that continues from the state file; whatever the old one still had queued is gone.
    func restartSender() throws {
        sender = try DiodeSender(
            key: key, configuration: configuration, state: try stateFile.load(), store: stateFile, now: clock.now, wallClock: { 0 })
    }

    /// A new receiver process with empty memory.
    func restartReceiver() throws {
        receiver = DiodeReceiver(key: key, configuration: configuration, wallClock: { 0 })
        assembler = try FileAssembler(directory: output.path)
    }

    func storedFile(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: output.file(name)).map { Array($0) }
    }

    var leftoverPartials: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter { $0.hasPrefix(".") }
    }
}
