import DataDiode
import Foundation
import NIOCore

/// Checks a diode link from both sides: forward probes must arrive, nothing sent from the DMZ side
/// toward the OT side may be answered or observed, and the forward latency is measured.
package struct DiodeValidator {
    package struct Options: Sendable {
        /// The OT-side address (the diode's transmit side); reverse probes aim here.
        package var tx: SocketEndpoint
        /// The DMZ-side address forward probes are sent to.
        package var rx: SocketEndpoint
        /// Where the forward probes are observed (default: `rx`).
        package var listenRx: SocketEndpoint?
        /// Network namespaces of the two sides when both are on this machine.
        package var otNamespace: String?
        package var dmzNamespace: String?
        package var probes = 20
        package var timeout: Duration = .seconds(2)

        package init(tx: SocketEndpoint, rx: SocketEndpoint) {
            self.tx = tx
            self.rx = rx
        }
    }

    package enum Status: String, Codable, Sendable {
        case pass = "PASS"
        case warn = "WARN"
        case fail = "FAIL"
        case criticalFail = "CRITICAL_FAIL"
    }

    package struct Result: Codable, Sendable, Equatable {
        package var test: String
        package var status: Status
        package var detail: String
        package var observations: [String: String] = [:]
    }

    package struct Report: Codable, Sendable {
        package var tx: String
        package var rx: String
        package var startedAt: String
        package var results: [Result]

        package var passed: Bool { results.allSatisfy { $0.status == .pass || $0.status == .warn } }

        /// The report as text, in the layout of the IEC 62443 zone guide's validator.
        package var text: String {
            var lines = [String(repeating: "=", count: 60), "DATA DIODE VALIDATION REPORT", String(repeating: "=", count: 60)]
            for result in results {
                lines.append("  [\(result.status == .pass ? "+" : "-")] \(result.test): \(result.status.rawValue)")
                lines.append("      \(result.detail)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    package let options: Options

    package init(options: Options) { self.options = options }

    package func run() throws(DiodeError) -> Report {
        let started = Date().formatted(.iso8601)
        let (forward, latencies) = try forwardFlow()
        let reverse = try reverseFlowBlocked()
        return Report(tx: options.tx.description, rx: options.rx.description, startedAt: started, results: [forward, reverse, latency(latencies)])
    }

    // MARK: - forward_flow

    private func forwardFlow() throws(DiodeError) -> (Result, [Double]) {
        let listenAt = options.listenRx ?? options.rx
        let listener = try NetworkNamespace.run(options.dmzNamespace) { () throws(DiodeError) in try UDPSocket.bound(to: listenAt) }
        listener.setReceiveTimeout(.milliseconds(100))
        let rx = options.rx
        let sender = try NetworkNamespace.run(options.otNamespace) { () throws(DiodeError) in try UDPSocket(family: rx.family) }
        let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let collector = ProbeCollector(listener: listener, nonce: nonce, expected: options.probes, timeout: options.timeout)
        collector.start()
        var sendFailures = 0
        for sequence in 0..<options.probes {
            let probe = "ZONECTL-DIODE-PROBE \(nonce) \(sequence) \(unixNanoseconds())"
            if !sender.send(ByteBuffer(string: probe), to: rx) { sendFailures += 1 }
            Duration.milliseconds(5).sleepThread()
        }
        let (seen, latencies) = collector.wait()
        let observations = ["sent": "\(options.probes - sendFailures)", "observed": "\(seen.count)", "listen": listenAt.description]
        if seen.isEmpty {
            let hint = sendFailures == options.probes ? "sending failed" : "sent without error but never observed (check the static neighbour entry and the diode)"
            return (Result(test: "forward_flow", status: .fail, detail: "No probe reached \(listenAt): \(hint)", observations: observations), [])
        }
        return (
            Result(
                test: "forward_flow", status: .pass,
                detail: "\(seen.count) of \(options.probes) probes sent toward \(rx) were observed at \(listenAt)", observations: observations),
            latencies
        )
    }

    // MARK: - reverse_flow_blocked

    private func reverseFlowBlocked() throws(DiodeError) -> Result {
        let tx = options.tx
        let timeout = options.timeout
        let observer = try? NetworkNamespace.run(options.otNamespace) { () throws(DiodeError) in try UDPSocket.bound(to: tx) }
        observer?.setReceiveTimeout(.milliseconds(100))
        let outcome = try NetworkNamespace.run(options.dmzNamespace) { () throws(DiodeError) in
            let icmp = ICMPEcho.ping(tx.host, count: 3, timeout: timeout)
            let udp = try Self.udpProbe(tx, timeout: timeout)
            let tcp = TCPConnection.probe(tx, timeout: timeout)
            return (tcp, udp, icmp)
        }
        var observed = 0
        if let observer {
            while let datagram = observer.receive() {
                if String(buffer: datagram).hasPrefix("ZONECTL-DIODE-REVERSE") { observed += 1 }
            }
        }
        var answers = [String]()
        if outcome.0 == .connected || outcome.0 == .refused { answers.append("TCP connect to \(tx) was answered (\(outcome.0.rawValue))") }
        if outcome.1 { answers.append("UDP to \(tx) drew an ICMP port unreachable") }
        if observed > 0 { answers.append("\(observed) UDP probes from the DMZ side arrived on the OT side") }
        if outcome.2 > 0 { answers.append("\(outcome.2) ICMP echo replies from \(tx.host)") }
        let observations = [
            "tcp": outcome.0.rawValue, "udp_icmp_unreachable": "\(outcome.1)", "udp_observed_on_ot": observer == nil ? "not observable" : "\(observed)",
            "icmp_echo_replies": "\(outcome.2)",
        ]
        if answers.isEmpty {
            return Result(
                test: "reverse_flow_blocked", status: .pass,
                detail: "TCP connect, UDP and ICMP echo from the DMZ side toward \(tx) all went unanswered", observations: observations)
        }
        return Result(
            test: "reverse_flow_blocked", status: .criticalFail,
            detail: "REVERSE FLOW POSSIBLE - " + answers.joined(separator: "; "), observations: observations)
    }

    /// Sends UDP probes on a connected socket; true when the OT side answered with port unreachable.
    private static func udpProbe(_ target: SocketEndpoint, timeout: Duration) throws(DiodeError) -> Bool {
        let socket = try UDPSocket(family: target.family)
        guard target.withSockaddr({ connect(socket.descriptor, $0, $1) }) == 0 else { return false }
        socket.setReceiveTimeout(timeout)
        for sequence in 0..<3 {
            let probe = Array("ZONECTL-DIODE-REVERSE \(sequence)".utf8)
            _ = probe.withUnsafeBytes { send(socket.descriptor, $0.baseAddress, $0.count, 0) }
        }
        var byte: UInt8 = 0
        return recv(socket.descriptor, &byte, 1, 0) < 0 && errno == ECONNREFUSED
    }

    // MARK: - replication_latency

    private func latency(_ samples: [Double]) -> Result {
        guard !samples.isEmpty else {
            return Result(test: "replication_latency", status: .fail, detail: "No forward probe arrived, so no latency could be measured")
        }
        let sorted = samples.sorted()
        let p50 = sorted[sorted.count / 2]
        let maximum = sorted.last!
        let detail = String(format: "Probe latency p50 %.3f ms, max %.3f ms over %d probes", p50, maximum, sorted.count)
        return Result(
            test: "replication_latency", status: maximum < 1000 ? .pass : .warn, detail: detail,
            observations: ["p50_ms": String(format: "%.3f", p50), "max_ms": String(format: "%.3f", maximum)])
    }
}

/// Receives forward probes on its own thread while they are being sent, so latency is measured at arrival.
private final class ProbeCollector: @unchecked Sendable {
    private let listener: UDPSocket
    private let nonce: String
    private let expected: Int
    private let timeout: Duration
    private let done = DispatchSemaphore(value: 0)
    private var seen = Set<Int>()
    private var latencies = [Double]()

    init(listener: UDPSocket, nonce: String, expected: Int, timeout: Duration) {
        self.listener = listener
        self.nonce = nonce
        self.expected = expected
        self.timeout = timeout
    }

    func start() {
        Thread.detachNewThread { [self] in
            let deadline = ContinuousClock.now.advanced(by: timeout + .milliseconds(5 * expected))
            while ContinuousClock.now < deadline, seen.count < expected {
                guard let datagram = listener.receive() else { continue }
                let arrived = unixNanoseconds()
                let fields = String(buffer: datagram).split(separator: " ")
                guard fields.count == 4, fields[0] == "ZONECTL-DIODE-PROBE", fields[1] == nonce, let sequence = Int(fields[2]),
                    let sent = UInt64(fields[3]), seen.insert(sequence).inserted
                else { continue }
                latencies.append(Double(Int64(arrived) - Int64(sent)) / 1e6)
            }
            done.signal()
        }
    }

    func wait() -> (Set<Int>, [Double]) {
        done.wait()
        return (seen, latencies)
    }
}
