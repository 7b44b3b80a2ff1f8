import Foundation
import TestSupport
import Testing
import ZoneCompile
import ZoneCore

/// The compiled nftables ruleset loaded into a router namespace between zone namespaces: real TCP connections
/// and UDP exchanges show every conduit channel open in its direction only, and everything else closed.
@Suite(.serialized) struct NamespaceRouterTests {
    static let model = "netns-router"

    /// Every channel port, the same port on the other transport, and one port no channel names.
    static func ports(_ policy: AccessPolicy) -> [ServicePort] {
        var ports = Set(policy.rules.map { ServicePort($0.port.transport, $0.port.ports.lower) })
        for port in ports { ports.insert(ServicePort(port.transport == .tcp ? .udp : .tcp, port.ports)) }
        ports.insert(ServicePort(.tcp, 9999))
        ports.insert(ServicePort(.udp, 9999))
        return ports.sorted()
    }

    static func serverSpecs(_ ports: [ServicePort]) -> String {
        ports.map { "\($0.transport.rawValue):\($0.ports.lower)" }.joined(separator: ",")
    }

    /// Every host address to every host address of the same family in another zone, on every test port.
    static func allProbes(_ lab: NamespaceLab, _ ports: [ServicePort]) -> [NamespaceLab.Probe] {
        var probes: [NamespaceLab.Probe] = []
        for source in lab.hosts {
            for destination in lab.hosts where destination.zone != source.zone {
                for from in source.addresses {
                    for to in destination.addresses where to.family == from.family {
                        for port in ports {
                            probes.append(NamespaceLab.Probe(transport: port.transport, source: from, destination: to, port: port.ports.lower))
                        }
                    }
                }
            }
        }
        return probes
    }

    /// The kernel's packet log writes IPv6 addresses with all eight groups of four digits.
    static func kernelLogText(_ address: IPAddress) -> String {
        guard address.family == .v6 else { return address.description }
        let groups = [address.high, address.low].flatMap { half in
            stride(from: 48, through: 0, by: -16).map { UInt16(truncatingIfNeeded: half >> UInt64($0)) }
        }
        return groups.map { group in
            let hex = String(group, radix: 16)
            return String(repeating: "0", count: 4 - hex.count) + hex
        }.joined(separator: ":")
    }

    @Test func enforceModeOpensEveryChannelInItsDirectionOnly() throws {
        let model = try Fixtures.model(Self.model)
        let ruleset = try Fixtures.file(try Fixtures.compile(model, [.nftables], mode: .enforce), prefix: "nftables/")
        let policy = AccessPolicy(model: model)
        let lab = try NamespaceLab(model: model)
        defer { lab.tearDown() }
        try lab.load(ruleset: ruleset)
        let ports = Self.ports(policy)
        try lab.startServers(Self.serverSpecs(ports))
        let probes = Self.allProbes(lab, ports)
        let results = try lab.probe(probes)
        var wrong: [String] = []
        for probe in probes {
            let expected = policy.evaluate(source: probe.source, destination: probe.destination, transport: probe.transport, port: probe.port).isAllowed
            if results[probe] != expected {
                wrong.append("\(probe.transport)/\(probe.port) \(probe.source) -> \(probe.destination): expected \(expected ? "open" : "closed")")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) of \(probes.count) flows differ from the model:\n\(wrong.joined(separator: "\n"))")
        let open = probes.filter { results[$0] == true }
        // Each direction of each channel (both address families) was seen open, and most flows closed.
        #expect(Set(open.map { "\($0.transport)/\($0.port)" }) == Set(policy.rules.map { "\($0.port.transport)/\($0.port.ports.lower)" }))
        #expect(open.count < probes.count / 4)
        #expect(Set(open.map(\.source.family)) == [.v4, .v6])
    }

    @Test func monitorModePassesAndLogsOutOfConduitTraffic() throws {
        let model = try Fixtures.model(Self.model)
        let ruleset = try Fixtures.file(try Fixtures.compile(model, [.nftables], mode: .monitor), prefix: "nftables/")
        let dmesg = try Peers.tool("dmesg")
        let restoreLogging = try NamespaceLab.enableNamespaceLogging()
        defer { restoreLogging() }
        let lab = try NamespaceLab(model: model)
        defer { lab.tearDown() }
        try lab.load(ruleset: ruleset)
        let port = UInt16.random(in: 30000...39999)
        try lab.startServers("tcp:\(port),udp:\(port),tcp:502")
        let hmi = try #require(IPAddress("198.18.1.10"))
        let spare = try #require(IPAddress("198.18.1.11"))
        let historian = try #require(IPAddress("198.18.2.10"))
        let mirror6 = try #require(IPAddress("fd00:18:3::10"))
        let hmi6 = try #require(IPAddress("fd00:18:1::10"))
        let probes: [(NamespaceLab.Probe, String)] = [
            (.init(transport: .tcp, source: hmi, destination: historian, port: port), "zonectl monitor ZA-CTRL>ZB-OPS not-in-conduit: "),
            (.init(transport: .tcp, source: spare, destination: historian, port: 502), "zonectl monitor ZA-CTRL>ZB-OPS not-in-conduit: "),
            (.init(transport: .udp, source: hmi6, destination: mirror6, port: port), "zonectl monitor ZA-CTRL>ZC-DMZ no-conduit: "),
        ]
        let results = try lab.probe(probes.map(\.0))
        let log = try Peers.run(dmesg, []).output.split(separator: "\n")
        for (probe, prefix) in probes {
            #expect(results[probe] == true, "\(probe.transport)/\(probe.port) \(probe.source) -> \(probe.destination) blocked in monitor mode")
            let source = "SRC=\(Self.kernelLogText(probe.source)) "
            let logged = log.contains { $0.contains(prefix) && $0.contains(source) && $0.contains("DPT=\(probe.port) ") }
            #expect(logged, "no kernel log line '\(prefix)' for \(source) DPT=\(probe.port)")
        }
    }
}
