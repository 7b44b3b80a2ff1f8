import Foundation
import TestSupport
import ZoneCore

/// A Linux router namespace between one namespace per zone, built from a model's zone subnets and asset
/// addresses (test prefixes only), with a probe server in every zone. Everything is removed by `tearDown`.
final class NamespaceLab {
    struct Host {
        let namespace: String
        let zone: String
        let addresses: [IPAddress]
    }

    let router: String
    private(set) var hosts: [Host] = []
    private var namespaces: [String] = []
    private var servers: [Process] = []
    private let ip: String
    private let python: String
    private let probeScript: String

    init(model: ZoneModel) throws {
        ip = try Peers.tool("ip")
        python = try Peers.python()
        probeScript = Fixtures.path("netns/probe.py")
        let tag = "\(getpid() % 10000)\(String(UInt16.random(in: 0...0xFFF), radix: 16))"
        router = "zcr\(tag)"
        do {
            try build(model, tag: tag)
        } catch {
            tearDown()
            throw error
        }
    }

    private func build(_ model: ZoneModel, tag: String) throws {
        try ip("netns", "add", router)
        namespaces.append(router)
        try withoutDAD(router)
        try ip("-n", router, "link", "set", "lo", "up")
        try run(ip, ["netns", "exec", router, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"])
        for (index, zone) in model.zones.enumerated() where !zone.network.subnets.isEmpty {
            let namespace = "zc\(tag)z\(index)"
            let inside = "zv\(tag)\(index)"
            let outside = "zr\(tag)\(index)"
            try ip("netns", "add", namespace)
            namespaces.append(namespace)
            try withoutDAD(namespace)
            try ip("link", "add", inside, "type", "veth", "peer", "name", outside)
            try ip("link", "set", inside, "netns", namespace)
            try ip("link", "set", outside, "netns", router)
            try ip("-n", namespace, "link", "set", "lo", "up")
            try ip("-n", namespace, "link", "set", inside, "up")
            try ip("-n", router, "link", "set", outside, "up")
            for subnet in zone.network.subnets {
                guard subnet.address.family == .v4 ? subnet.address.description.hasPrefix("198.1") : subnet.address.description.hasPrefix("fd") else {
                    throw FixtureError(message: "namespace models use 198.18.0.0/15 and fd00::/8 only, not \(subnet)")
                }
                let gateway = Self.firstHost(subnet)
                let family = subnet.family == .v4 ? "-4" : "-6"
                try ip(["-n", router, family, "addr", "add", "\(gateway)/\(subnet.prefixLength)", "dev", outside] + (subnet.family == .v6 ? ["nodad"] : []))
            }
            let addresses = zone.assets.flatMap(\.addresses)
            for address in addresses {
                guard let subnet = zone.network.subnets.first(where: { $0.contains(address) }) else { continue }
                try ip(["-n", namespace, "addr", "add", "\(address)/\(subnet.prefixLength)", "dev", inside] + (address.family == .v6 ? ["nodad"] : []))
            }
            for subnet in zone.network.subnets {
                let family = subnet.family == .v4 ? "-4" : "-6"
                try ip("-n", namespace, family, "route", "add", "default", "via", Self.firstHost(subnet).description)
            }
            hosts.append(Host(namespace: namespace, zone: zone.id, addresses: addresses))
        }
    }

    /// Link-local addresses are usable at once, so neighbour discovery works from the first probe.
    private func withoutDAD(_ namespace: String) throws {
        try run(ip, ["netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"])
    }

    static func firstHost(_ network: IPNetwork) -> IPAddress {
        network.family == .v4
            ? IPAddress(v4: network.address.v4Value + 1) : IPAddress(v6High: network.address.high, low: network.address.low + 1)
    }

    /// Loads an nftables ruleset into the router.
    func load(ruleset: String) throws {
        try Peers.withScratch { scratch in
            let file = scratch.appendingPathComponent("ruleset.nft")
            try Data(ruleset.utf8).write(to: file)
            try run(ip, ["netns", "exec", router, try Peers.tool("nft"), "-f", file.path])
        }
    }

    /// Starts a server in every zone namespace for `specs` (`tcp:502,udp:123`) and waits until each listens.
    func startServers(_ specs: String) throws {
        for host in hosts {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ip)
            process.arguments = ["netns", "exec", host.namespace, python, probeScript, "serve", specs]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            servers.append(process)
            let line = pipe.fileHandleForReading.availableData
            guard String(decoding: line, as: UTF8.self).contains("ready") else {
                throw FixtureError(message: "probe server in \(host.namespace) did not start")
            }
        }
    }

    struct Probe: Hashable {
        let transport: Transport
        let source: IPAddress
        let destination: IPAddress
        let port: UInt16
    }

    /// Runs the probes from each source's namespace concurrently; true where the server answered.
    func probe(_ probes: [Probe]) throws -> [Probe: Bool] {
        var results: [Probe: Bool] = [:]
        for host in hosts {
            let mine = probes.filter { host.addresses.contains($0.source) }
            guard !mine.isEmpty else { continue }
            let specs = mine.map { [$0.transport.rawValue, $0.source.description, $0.destination.description, String($0.port)] }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: specs), as: UTF8.self)
            let result = try Peers.run(ip, ["netns", "exec", host.namespace, python, probeScript, "probe", json])
            guard result.status == 0, let answers = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Bool],
                answers.count == mine.count
            else { throw FixtureError(message: "probe from \(host.namespace) failed: \(result.error)") }
            for (probe, answer) in zip(mine, answers) { results[probe] = answer }
        }
        return results
    }

    /// Lets packets logged inside network namespaces reach the kernel log (`nf_log_all_netns`); returns the undo.
    static func enableNamespaceLogging() throws -> () -> Void {
        let setting = "/proc/sys/net/netfilter/nf_log_all_netns"
        let previous = try String(contentsOfFile: setting, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("1\n".utf8).write(to: URL(fileURLWithPath: setting))
        return { try? Data("\(previous)\n".utf8).write(to: URL(fileURLWithPath: setting)) }
    }

    func tearDown() {
        // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
        for server in servers where server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        servers = []
        for namespace in namespaces.reversed() { _ = try? Peers.run(ip, ["netns", "del", namespace]) }
        namespaces = []
    }

    private func ip(_ arguments: String...) throws { try ip(arguments) }

    private func ip(_ arguments: [String]) throws { try run(ip, arguments) }

    private func run(_ executable: String, _ arguments: [String]) throws {
        let result = try Peers.run(executable, arguments)
        guard result.status == 0 else {
            throw FixtureError(message: "\(executable) \(arguments.joined(separator: " ")) failed: \(result.error)")
        }
    }
}
