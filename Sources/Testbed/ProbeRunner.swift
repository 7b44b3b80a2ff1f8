import DataDiode
import DiodeServices
import Foundation
import ZoneCore

/// One reachability test from a source address (or the host's own) to a destination.
public struct Probe: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case tcp, udp, icmp
        case modbusRead = "modbus-read"
        case modbusWrite = "modbus-write"
    }

    public let kind: Kind
    public let source: IPAddress?
    public let destination: IPAddress
    public let port: UInt16

    public init(_ kind: Kind, source: IPAddress?, destination: IPAddress, port: UInt16) {
        self.kind = kind
        self.source = source
        self.destination = destination
        self.port = port
    }
}

/// What a probe saw.
public enum ProbeOutcome: String, Sendable {
    /// TCP connected, UDP answered, ICMP replied, or a Modbus request got its normal response.
    case reached
    /// A Modbus request got an exception response or the connection was closed without a response.
    case refused
    /// Nothing came back in time (dropped), or the connection was reset or the network unreachable.
    case blocked
}

/// Runs probes, many at once, from inside a network namespace or from this host.
public enum ProbeRunner {
    public static let timeout: Duration = .milliseconds(500)

    public static func run(_ probes: [Probe], namespace: String?, timeout: Duration = timeout) throws(TestbedError) -> [Probe: ProbeOutcome] {
        raiseFileLimit()
        do {
            return try NetworkNamespace.run(namespace) { () throws(DiodeError) -> [Probe: ProbeOutcome] in
                var results: [Probe: ProbeOutcome] = [:]
                let stream = probes.filter { $0.kind == .tcp || $0.kind == .udp }
                for start in stride(from: 0, to: stream.count, by: 4000) {
                    results.merge(concurrent(Array(stream[start..<min(start + 4000, stream.count)]), timeout: timeout), uniquingKeysWith: { $1 })
                }
                for probe in probes where probe.kind == .modbusRead || probe.kind == .modbusWrite {
                    results[probe] = ModbusProbe.run(probe, timeout: timeout)
                }
                for probe in probes where probe.kind == .icmp {
                    results[probe] = ICMPEcho.ping(probe.destination.description, count: 3, timeout: timeout) > 0 ? .reached : .blocked
                }
                return results
            }
        } catch {
            throw TestbedError(.command, "cannot probe from \(namespace ?? "this host"): \(error)")
        }
    }

    static func raiseFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 65536 {
            limit.rlim_cur = min(65536, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    /// Opens a socket bound to the probe's source (the kernel's choice without one) and starts the exchange.
    static func open(_ probe: Probe, type: Int32) -> Int32? {
        let target = SocketAddress(probe.destination, port: probe.port)
        let descriptor: Int32
        if let source = probe.source {
            guard let bound = SocketAddress(source, port: 0).boundSocket(type) else { return nil }
            descriptor = bound
        } else {
            descriptor = socket(target.family, type, 0)
            guard descriptor >= 0 else { return nil }
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let status = target.withPointer { connect(descriptor, $0, $1) }
        guard status == 0 || errno == EINPROGRESS else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// TCP connects and UDP echo exchanges, all in flight together, until each finishes or the timeout passes.
    private static func concurrent(_ probes: [Probe], timeout: Duration) -> [Probe: ProbeOutcome] {
        var results: [Probe: ProbeOutcome] = [:]
        var pending: [(Probe, Int32)] = []
        let payload = Array("zonectl verify".utf8)
        for probe in probes {
            let type = probe.kind == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
            guard let descriptor = open(probe, type: type) else {
                results[probe] = .blocked
                continue
            }
            if probe.kind == .udp { _ = send(descriptor, payload, payload.count, 0) }
            pending.append((probe, descriptor))
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var polls = pending.map { pollfd(fd: $0.1, events: Int16($0.0.kind == .tcp ? POLLOUT : POLLIN), revents: 0) }
        var open = Set(polls.indices)
        while !open.isEmpty, ContinuousClock.now < deadline {
            let remaining = deadline - ContinuousClock.now
            let milliseconds = Int32(max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&polls, nfds_t(polls.count), milliseconds) > 0 else { continue }
            for index in open where polls[index].revents != 0 {
                let (probe, descriptor) = pending[index]
                if probe.kind == .tcp {
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                    results[probe] = error == 0 ? .reached : .blocked
                } else {
                    var byte: UInt8 = 0
                    results[probe] = recv(descriptor, &byte, 1, 0) >= 0 ? .reached : .blocked
                }
                polls[index].events = 0
                polls[index].fd = -1
                open.remove(index)
            }
        }
        for (probe, descriptor) in pending {
            if results[probe] == nil { results[probe] = .blocked }
            close(descriptor)
        }
        return results
    }
}
