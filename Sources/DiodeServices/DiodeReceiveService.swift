import DataDiode
import Foundation
import NIOCore

/// The DMZ-side agent: receives datagrams, stores verified files, forwards records and syslog, and
/// reports gaps, file outcomes and telemetry. It never sends anything toward the diode.
package final class DiodeReceiveService {
    package struct Options {
        package enum RecordSink: Equatable {
            case standardOutput
            case file(String)
            case tcp(SocketEndpoint)
        }

        package var listen: SocketEndpoint
        package var key: DiodeKey
        package var configuration = DiodeConfiguration()
        package var limits = DiodeReceiver<ContinuousClock.Instant>.Limits()
        package var output: String
        package var recordsTo: RecordSink?
        /// Records held for a TCP record sink while it is away; more are dropped and reported as a gap.
        package var recordsBuffer = 100_000
        package var syslogTo: SocketEndpoint?
        package var eventsPath: String?
        package var metricsPath: String?
        package var telemetryInterval: Duration = .seconds(10)
        /// Stop after this long without a datagram, once something was received.
        package var exitAfterIdle: Duration?
        /// Stop once this many files were stored.
        package var exitAfterFiles: Int?

        package init(listen: SocketEndpoint, key: DiodeKey, output: String) {
            self.listen = listen
            self.key = key
            self.output = output
        }
    }

    private let options: Options
    private let log: DiodeEventLog
    private var recordOutput: Int32?
    private var ownsRecordOutput = false
    private var recordForwarder: RecordForwarder?

    package init(options: Options) throws(DiodeError) {
        self.options = options
        log = try DiodeEventLog(path: options.eventsPath)
    }

    /// The local port actually bound (useful with port 0), set once `run` has bound the socket.
    package private(set) var boundPort: UInt16?

    /// Receives until SIGINT/SIGTERM or an exit condition; returns the final telemetry.
    package func run(onBound: (UInt16) -> Void = { _ in }) throws -> ReceiverTelemetry {
        let clock = ContinuousClock()
        let receiver = DiodeReceiver<ContinuousClock.Instant>(
            key: options.key, configuration: options.configuration, limits: options.limits, wallClock: unixNanoseconds)
        let assembler = try FileAssembler(directory: options.output)
        let socket = try UDPSocket.bound(to: options.listen)
        socket.setReceiveBuffer(256 << 20)
        socket.setReceiveTimeout(.milliseconds(50))
        boundPort = socket.localPort
        onBound(socket.localPort)
        let syslogSocket = try options.syslogTo.map { endpoint throws(DiodeError) in try UDPSocket(family: endpoint.family) }
        try openRecordOutput()
        defer { if ownsRecordOutput, let descriptor = recordOutput { close(descriptor) } }
        var lastDatagram: ContinuousClock.Instant?
        var nextTelemetry = clock.now.advanced(by: options.telemetryInterval)
        var telemetry = receiver.telemetry
        // Coalesced datagrams arrive up to 64 KiB at a time.
        socket.enableReceiveOffload()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 17, alignment: 64)
        defer { buffer.deallocate() }
        var events = [DiodeEvent]()
        while !StopSignal.isRequested {
            events.removeAll(keepingCapacity: true)
            // Read once the datagrams are in: the receive itself may wait up to its 50 ms timeout.
            var arrival: ContinuousClock.Instant?
            if socket.receiveSegments(into: buffer, { segment in
                let now = arrival ?? clock.now
                arrival = now
                receiver.receive(segment, now: now, events: &events)
            }) {
                lastDatagram = arrival
            } else {
                events = receiver.tick(now: clock.now)
            }
            for event in events { dispatch(event, assembler: assembler, syslogSocket: syslogSocket, telemetry: &telemetry) }
            telemetry = merged(receiver.telemetry, files: telemetry)
            let now = clock.now
            if now >= nextTelemetry {
                if let gap = recordForwarder?.takeOverflowGap() { reportUndelivered(gap, telemetry: &telemetry) }
                report(telemetry)
                nextTelemetry = now.advanced(by: options.telemetryInterval)
            }
            if let limit = options.exitAfterFiles, telemetry.filesCompleted + telemetry.filesFailed >= UInt64(limit) { break }
            if let idle = options.exitAfterIdle, let last = lastDatagram, last.duration(to: now) >= idle { break }
        }
        for event in receiver.tick(now: clock.now.advanced(by: options.limits.groupTimeout)) {
            dispatch(event, assembler: assembler, syslogSocket: syslogSocket, telemetry: &telemetry)
        }
        for gap in recordForwarder?.finish(timeout: .seconds(2)) ?? [] { reportUndelivered(gap, telemetry: &telemetry) }
        telemetry = merged(receiver.telemetry, files: telemetry)
        report(telemetry)
        return telemetry
    }

    /// Hands one event to its consumer: the event log, the file assembler, the record sink or syslog.
    private func dispatch(_ event: DiodeEvent, assembler: FileAssembler, syslogSocket: UDPSocket?, telemetry: inout ReceiverTelemetry) {
        log.write(event)
        for outcome in assembler.handle(event) {
            telemetry.filesCompleted += outcome.status == .completed ? 1 : 0
            telemetry.filesFailed += outcome.status == .failed ? 1 : 0
            log.write("file", outcome)
        }
        switch event {
        case .record(let line, let sequence):
            if let recordForwarder {
                if let gap = recordForwarder.submit(sequence: sequence, line: line) { reportUndelivered(gap, telemetry: &telemetry) }
            } else {
                writeRecord(line)
            }
        case .syslog(let message):
            if let syslogSocket, let target = options.syslogTo { syslogSocket.send(ByteBuffer(bytes: message), to: target) }
        default: break
        }
    }

    private func reportUndelivered(_ gap: DiodeGap, telemetry: inout ReceiverTelemetry) {
        log.write(.gap(gap))
        telemetry.recordsUndelivered += gap.count
    }

    /// The receiver's counters with those only the service keeps (files, records the sink did not take).
    private func merged(_ counters: ReceiverTelemetry, files: ReceiverTelemetry) -> ReceiverTelemetry {
        var result = counters
        result.filesCompleted = files.filesCompleted
        result.filesFailed = files.filesFailed
        result.recordsUndelivered = files.recordsUndelivered
        return result
    }

    private func report(_ telemetry: ReceiverTelemetry) {
        log.write("telemetry", telemetry)
        if let path = options.metricsPath { try? AtomicFile.write(Data(telemetry.prometheusText().utf8), to: path) }
    }

    private func openRecordOutput() throws(DiodeError) {
        switch options.recordsTo {
        case .standardOutput: recordOutput = STDOUT_FILENO
        case .file(let path):
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            guard descriptor >= 0 else { throw .errno(.socket, "open \(path)") }
            recordOutput = descriptor
            ownsRecordOutput = true
        case .tcp(let endpoint):
            // The sink may come and go, also at start: records wait for it in the forwarder's buffer.
            recordForwarder = RecordForwarder(endpoint: endpoint, limit: options.recordsBuffer)
        case nil: break
        }
    }

    private func writeRecord(_ line: [UInt8]) {
        guard let descriptor = recordOutput else { return }
        _ = TCPConnection.writeAll(descriptor, line + [0x0A])
    }
}
