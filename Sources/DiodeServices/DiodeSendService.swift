import DataDiode
import Foundation
import NIOCore

/// The OT-side agent: feeds files, records and syslog into a ``DiodeSender`` and writes its datagrams
/// to the diode at a fixed rate. It opens no socket it reads from on the diode side.
package final class DiodeSendService {
    package struct Options {
        package enum LineSource: Equatable {
            case standardInput
            case tcp(SocketEndpoint)
        }

        package var destination: SocketEndpoint
        package var key: DiodeKey
        package var configuration = DiodeConfiguration()
        package var bitsPerSecond = 800e6
        package var statePath: String?
        package var spool: String?
        package var files: [String] = []
        package var recordsFrom: LineSource?
        package var syslogListen: SocketEndpoint?
        /// Every file is sent this many times (same file id, so the receiver stores it once).
        package var repeatCount = 1

        package init(destination: SocketEndpoint, key: DiodeKey) {
            self.destination = destination
            self.key = key
        }

        /// Only finite inputs: the service ends once they are sent.
        var finishes: Bool { spool == nil && syslogListen == nil && (recordsFrom == nil || recordsFrom == .standardInput) }
    }

    /// Seconds of sending the token bucket may bank (see `run`).
    private static let wakeUpAllowance = 0.002

    private let options: Options
    private let log: @Sendable (String) -> Void
    private let inbox = LineInbox()
    private var fileIDs: [String: UInt64] = [:]
    private var sends: [String: Int] = [:]
    private var inFlight: Set<String> = []

    package init(options: Options, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.log = log
    }

    /// Runs until the finite inputs are sent, or until SIGINT/SIGTERM for spool, TCP and syslog inputs.
    package func run() throws {
        let clock = ContinuousClock()
        let stateFile = options.statePath.map(SenderStateFile.init(path:))
        let sender = try DiodeSender(
            key: options.key, configuration: options.configuration, state: try stateFile?.load(), store: stateFile, now: clock.now,
            wallClock: unixNanoseconds)
        log(#"{"event":"sender-started","session":"\#(String(sender.state.session, radix: 16))","run":\#(sender.state.run)}"#)
        let socket = try UDPSocket(family: options.destination.family)
        socket.setSendBuffer(8 << 20)
        // A thread asked to sleep for tens of microseconds often wakes a millisecond later; a bucket smaller
        // than that would throw the late time's tokens away and pace below the rate.
        let burst = max(64 * options.configuration.datagramSize, Int(options.bitsPerSecond / 8 * Self.wakeUpAllowance))
        var bucket = TokenBucket(bitsPerSecond: options.bitsPerSecond, burstBytes: burst, now: clock.now)
        try startReaders()
        for path in options.files { try submit(path, to: sender, now: clock.now) }
        var nextScan = clock.now
        let maxSegments = min(64, 65_000 / options.configuration.datagramSize)
        while !StopSignal.isRequested {
            let now = clock.now
            for line in inbox.take() {
                switch line.stream {
                case .record:
                    do { try sender.submitRecord(line.bytes, now: now) } catch {
                        log(#"{"event":"record-refused","reason":"\#(error.message)"}"#)
                    }
                case .syslog: sender.submitSyslog(line.bytes, now: now)
                }
            }
            if let spool = options.spool, now >= nextScan {
                try scan(spool, sender: sender, now: now)
                nextScan = now.advanced(by: .seconds(1))
            }
            try finish(sender.takeFinishedFiles(), sender: sender, now: now)
            if let run = try sender.nextDatagrams(now: now, limit: maxSegments) {
                // Datagrams of one size leave together; the bucket paces the batch as a whole.
                bucket.reserve(run.bytes.count, now: now).sleepThread()
                socket.send(run, to: options.destination)
                continue
            }
            if options.finishes, inbox.allReadersFinished, inFlight.isEmpty, !sender.hasPendingWork {
                socket.send(try sender.beaconDatagram(), to: options.destination)
                break
            }
            min(now.duration(to: sender.nextDeadline), .milliseconds(1)).sleepThread()
        }
        let counters = sender.counters
        log(
            #"{"event":"sender-stopped","datagrams":\#(counters.datagrams),"bytes":\#(counters.bytes),"files":\#(counters.files),"#
                + #""resentGroups":\#(counters.resentGroups),"resendsSkipped":\#(sender.resendsSkipped)}"#)
    }

    private func submit(_ path: String, to sender: DiodeSender<ContinuousClock.Instant>, now: ContinuousClock.Instant) throws {
        let id = fileIDs[path] ?? UInt64.random(in: 0...UInt64.max)
        fileIDs[path] = id
        try sender.submitFile(try DiskFile(path: path), id: id, token: path, now: now)
        inFlight.insert(path)
    }

    private func finish(_ tokens: [String], sender: DiodeSender<ContinuousClock.Instant>, now: ContinuousClock.Instant) throws {
        for path in tokens {
            inFlight.remove(path)
            sends[path, default: 0] += 1
            guard sends[path]! >= options.repeatCount else {
                try submit(path, to: sender, now: now)
                continue
            }
            log(#"{"event":"file-sent","path":"\#(path)","times":\#(sends[path]!)}"#)
            if options.spool != nil {
                unlink(path)
                sends[path] = nil
                fileIDs[path] = nil
            }
        }
    }

    /// Submits spool files not yet in flight; hidden files are still being written and are skipped.
    private func scan(_ spool: String, sender: DiodeSender<ContinuousClock.Instant>, now: ContinuousClock.Instant) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = "\(spool)/\(name)"
            guard !inFlight.contains(path) else { continue }
            do { try submit(path, to: sender, now: now) } catch { log(#"{"event":"file-refused","path":"\#(path)","reason":"\#(error)"}"#) }
        }
    }

    private func startReaders() throws(DiodeError) {
        let inbox = inbox
        switch options.recordsFrom {
        case .standardInput:
            inbox.readerStarted()
            Thread.detachNewThread {
                inbox.readLines(from: STDIN_FILENO, as: .record)
                inbox.readerFinished()
            }
        case .tcp(let endpoint):
            inbox.readerStarted()
            Thread.detachNewThread {
                while !StopSignal.isRequested {
                    guard let descriptor = TCPConnection.connect(to: endpoint) else {
                        Duration.seconds(1).sleepThread()
                        continue
                    }
                    inbox.readLines(from: descriptor, as: .record)
                    close(descriptor)
                }
                inbox.readerFinished()
            }
        case nil: break
        }
        if let listen = options.syslogListen {
            let socket = try UDPSocket.bound(to: listen)
            socket.setReceiveTimeout(.milliseconds(200))
            Thread.detachNewThread {
                while !StopSignal.isRequested {
                    if let message = socket.receive() { inbox.push(.syslog, Array(message.readableBytesView)) }
                }
            }
        }
    }
}
