import DataDiode
import DiodeServices
import Foundation
import ZoneCompile
import ZoneCore

/// Brings a model up as network namespaces (`up`), reports on it (`status`) and removes it (`down`).
public struct Testbed: Sendable {
    public let shell: Shell
    /// The zonectl executable the services run as.
    public let executable: String

    public init(executable: String) throws(TestbedError) {
        guard geteuid() == 0 else {
            throw TestbedError(.notRoot, "network namespaces need root: run 'sudo zonectl testbed ...'")
        }
        shell = try Shell.locate()
        self.executable = executable
    }

    public static func validName(_ name: String) -> Bool {
        (1...8).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }

    /// Loads a model and maps its addresses into the test prefixes; the mapped model text is what is built.
    public static func mappedModel(path: String) throws(TestbedError) -> (original: ZoneModel, map: AddressMap, text: String, mapped: ZoneModel) {
        let original = try load(ModelLoader.load(path: path), path)
        let map = try AddressMap(model: original)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw TestbedError(.invalidModel, "\(path): cannot read") }
        let rewritten = try map.rewrite(text, file: path)
        let mapped = try load(ModelLoader.load(yaml: rewritten, file: path), path)
        return (original, map, rewritten, mapped)
    }

    private static func load(_ result: ModelLoadResult, _ path: String) throws(TestbedError) -> ZoneModel {
        guard let model = result.model, !result.isInvalid else {
            let first = result.findings.first { $0.severity == .error }.map { "\($0)" } ?? "cannot load"
            throw TestbedError(.invalidModel, "\(path): \(first); run 'zonectl lint \(path)'")
        }
        return model
    }

    // MARK: - up

    /// Builds the testbed; on any failure everything created so far is removed before the error is thrown.
    public func up(model path: String, name: String, log: (String) -> Void) throws(TestbedError) -> TestbedState {
        guard Self.validName(name) else {
            throw TestbedError(.invalidModel, "testbed name '\(name)': use 1 to 8 lower-case letters and digits")
        }
        let directory = TestbedState.directory(name)
        let prefix = "zt-\(name)-"
        if FileManager.default.fileExists(atPath: directory) || shell.namespaces().contains(where: { $0.hasPrefix(prefix) }) {
            throw TestbedError(.nameTaken, "a testbed named \(name) exists; remove it with 'zonectl testbed down \(name)' or pick another --name")
        }
        let (_, map, text, mapped) = try Self.mappedModel(path: path)
        var model = mapped
        model.firewalls = []
        model.switches = []
        let plan = try TestbedPlan(model: model, name: name)
        let ruleset = try Self.ruleset(model)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/model.yaml"))
        } catch {
            throw TestbedError(.command, "cannot create \(directory): \(error)")
        }
        var state = TestbedState(name: name, model: path, mappedModel: directory + "/model.yaml", mapping: map.entries)
        do {
            try state.save()
            log(map.text)
            try build(plan, ruleset: ruleset, state: &state)
            state.complete = true
            try state.save()
        } catch {
            down(name: name)
            throw TestbedError.wrapping(error)
        }
        return state
    }

    private static func ruleset(_ model: ZoneModel) throws(TestbedError) -> String {
        do {
            let result = try Compiler.compile(model, platforms: [.nftables], mode: .enforce)
            guard let file = result.files.first(where: { $0.path.hasPrefix("nftables/") }) else {
                throw TestbedError(.invalidModel, "the nftables compile produced no ruleset")
            }
            return file.contents
        } catch let error as TestbedError {
            throw error
        } catch {
            throw TestbedError(.invalidModel, "cannot compile the model for nftables: \(error)")
        }
    }

    private func build(_ plan: TestbedPlan, ruleset: String, state: inout TestbedState) throws(TestbedError) {
        for namespace in plan.namespaces {
            state.namespaces.append(namespace)
            try state.save()
            try shell.runIP("netns", "add", namespace)
            try shell.runIP("-n", namespace, "link", "set", "lo", "up")
            try shell.sysctl(in: namespace, ["net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"])
        }
        try shell.sysctl(in: plan.firewall, ["net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"])
        for zone in plan.zones { try link(zone, plan) }
        try shell.nft(in: plan.firewall, ruleset)
        for diode in plan.diodes { try link(diode, plan) }
        try startServices(plan, &state)
    }

    private func link(_ zone: TestbedPlan.ZoneHost, _ plan: TestbedPlan) throws(TestbedError) {
        for address in zone.addresses {
            guard let subnet = zone.subnets.first(where: { $0.contains(address) }) else { continue }
            let device = zone.firewallInterface == nil ? "lo" : "fw0"
            if zone.firewallInterface != nil, address == zone.addresses.first {
                try shell.runIP("link", "add", "fw0", "netns", zone.namespace, "type", "veth", "peer", "name", zone.firewallInterface!, "netns", plan.firewall)
                try shell.runIP("-n", zone.namespace, "link", "set", "fw0", "up")
                try shell.runIP("-n", plan.firewall, "link", "set", zone.firewallInterface!, "up")
            }
            try shell.run(shell.ip, ["-n", zone.namespace, "addr", "add", "\(address)/\(device == "lo" ? address.family.bitWidth : subnet.prefixLength)", "dev", device] + (address.family == .v6 ? ["nodad"] : []))
        }
        guard let interface = zone.firewallInterface else { return }
        for (subnet, gateway) in zip(zone.subnets, zone.gateways) {
            try shell.run(shell.ip, ["-n", plan.firewall, "addr", "add", "\(gateway)/\(subnet.prefixLength)", "dev", interface] + (gateway.family == .v6 ? ["nodad"] : []))
            try shell.run(shell.ip, ["-n", zone.namespace, subnet.family == .v4 ? "-4" : "-6", "route", "add", "default", "via", gateway.description])
        }
    }

    /// A point-to-point link from the transmit host to the receive host's diode-facing side, with static
    /// neighbours (a diode answers no ARP) and everything arriving back at the transmit side dropped at the
    /// link's ingress, below any socket.
    private func link(_ diode: TestbedPlan.DiodeLink, _ plan: TestbedPlan) throws(TestbedError) {
        guard let tx = plan.zone(diode.txZone) else { return }
        let device = diode.interface
        let rx = diode.namespace
        try shell.runIP("link", "add", device, "netns", tx.namespace, "type", "veth", "peer", "name", device, "netns", rx)
        try shell.run(shell.ip, ["-n", rx, "addr", "add", "\(diode.rx)/\(diode.rx.family.bitWidth)", "dev", device] + (diode.rx.family == .v6 ? ["nodad"] : []))
        for (namespace, local, remote) in [(tx.namespace, diode.tx, diode.rx), (rx, diode.rx, diode.tx)] {
            try shell.runIP("-n", namespace, "link", "set", device, "up")
            let family = local.family == .v4 ? "-4" : "-6"
            try shell.runIP("-n", namespace, family, "route", "add", "\(remote)/\(remote.family.bitWidth)", "dev", device, "src", local.description)
        }
        let txMAC = try mac(device, in: tx.namespace)
        let rxMAC = try mac(device, in: rx)
        try shell.runIP("-n", tx.namespace, "neigh", "replace", diode.rx.description, "lladdr", rxMAC, "dev", device, "nud", "permanent")
        try shell.runIP("-n", rx, "neigh", "replace", diode.tx.description, "lladdr", txMAC, "dev", device, "nud", "permanent")
        try shell.nft(in: tx.namespace, Self.reverseDrop(device))
    }

    /// The netns-local table that makes a diode link one-way.
    public static func reverseDrop(_ device: String) -> String {
        "table netdev zonectl_diode_\(device) {\n\tchain ingress {\n\t\ttype filter hook ingress device \"\(device)\" priority -500; policy drop;\n\t}\n}\n"
    }

    private func mac(_ device: String, in namespace: String) throws(TestbedError) -> String {
        let text = try shell.run(shell.ip, ["-n", namespace, "-o", "link", "show", device])
        guard let range = text.range(of: "link/ether ") else { throw TestbedError(.command, "no MAC address on \(device) in \(namespace)") }
        return String(text[range.upperBound...].prefix(17))
    }

    private func startServices(_ plan: TestbedPlan, _ state: inout TestbedState) throws(TestbedError) {
        let directory = TestbedState.directory(plan.name)
        func start(_ role: String, _ namespace: String, _ arguments: [String]) throws(TestbedError) {
            let log = "\(directory)/\(role).log"
            let pid = try shell.start(in: namespace, [executable] + arguments, log: log)
            state.processes.append(.init(role: role, namespace: namespace, pid: pid, log: log))
            try state.save()
        }
        var nat = ""
        for (index, route) in plan.guards.enumerated() {
            guard let zone = plan.zone(route.plcZone) else { continue }
            try start("plc-\(index)", zone.namespace, ["sim", "modbus", "--listen", Self.endpoint(route.plc, TestbedPlan.modbusPort)])
            let any = route.plc.family == .v4 ? "0.0.0.0" : "::"
            try start("guard-\(index)", plan.firewall, [
                "guard", "--model", state.mappedModel, "--conduit", route.conduit, "--listen", Self.endpoint(IPAddress(any)!, route.guardPort),
                "--upstream", Self.endpoint(route.plc, TestbedPlan.modbusPort), "--mode", "enforce",
            ])
            let keyword = route.plc.family == .v4 ? "ip" : "ip6"
            let sources = route.sources.filter { $0.family == route.plc.family }.map(\.description).joined(separator: ", ")
            nat += "\t\t\(keyword) saddr { \(sources) } \(keyword) daddr \(route.plc) tcp dport \(TestbedPlan.modbusPort) redirect to :\(route.guardPort)\n"
        }
        if !nat.isEmpty {
            try shell.nft(in: plan.firewall, "table inet zonectl_guard {\n\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\(nat)\t}\n}\n")
        }
        if !plan.diodes.isEmpty {
            let key = directory + "/diode.key"
            guard FileManager.default.createFile(atPath: key, contents: Data((DiodeKey.generate().hexEncoded + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw TestbedError(.service, "cannot write \(key)") }
            for (index, diode) in plan.diodes.enumerated() {
                guard let tx = plan.zone(diode.txZone) else { continue }
                let inbox = "\(directory)/diode-\(index)-outbox"
                let received = "\(directory)/diode-\(index)-received"
                try? FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
                try? FileManager.default.createDirectory(atPath: received, withIntermediateDirectories: true)
                let rxEndpoint = Self.endpoint(diode.rx, diode.port)
                try start("diode-rx-\(index)", diode.namespace, ["diode", "receive", "--listen", rxEndpoint, "--key-file", key, "--out", received])
                try start("diode-tx-\(index)", tx.namespace, ["diode", "send", "--to", rxEndpoint, "--key-file", key, "--spool", inbox])
            }
        }
        let taken = Set(plan.guards.map { Self.endpoint($0.plc, TestbedPlan.modbusPort) })
        for zone in plan.zones {
            var arguments = ["testbed", "listen"]
            for address in zone.addresses { arguments += ["--address", address.description] }
            for port in plan.ports { arguments += ["--port", "\(port.transport.rawValue)/\(port.ports.lower)"] }
            for endpoint in taken where zone.assetAddresses.contains(where: { endpoint.hasPrefix($0.family == .v4 ? "\($0):" : "[\($0)]:") }) {
                arguments += ["--skip", endpoint]
            }
            try start("listen-\(zone.namespace)", zone.namespace, arguments)
        }
        try waitReady(plan, state)
    }

    /// Waits until every TCP service accepts connections inside its namespace.
    private func waitReady(_ plan: TestbedPlan, _ state: TestbedState) throws(TestbedError) {
        var checks: [(String, String, UInt16)] = []
        for route in plan.guards {
            checks.append((plan.zone(route.plcZone)!.namespace, route.plc.description, TestbedPlan.modbusPort))
            checks.append((plan.firewall, route.plc.family == .v4 ? "127.0.0.1" : "::1", route.guardPort))
        }
        if let port = plan.ports.first(where: { $0.transport == .tcp && $0.ports.lower != TestbedPlan.modbusPort }) {
            for zone in plan.zones { checks.append((zone.namespace, zone.probeAddresses[0].description, port.ports.lower)) }
        }
        let deadline = Date().addingTimeInterval(20)
        for (namespace, host, port) in checks {
            while true {
                let open = (try? NetworkNamespace.run(namespace) { () throws(DiodeError) -> Bool in
                    guard let descriptor = TCPConnection.connect(to: try SocketEndpoint(host: host, port: port), timeout: .milliseconds(200)) else { return false }
                    close(descriptor)
                    return true
                }) ?? false
                if open { break }
                if Date() > deadline {
                    let logs = state.processes.filter { $0.namespace == namespace }.map(\.log).joined(separator: ", ")
                    throw TestbedError(.service, "nothing answers on \(host):\(port) in \(namespace) (see \(logs))")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
        address.family == .v4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }

    // MARK: - down and status

    /// Removes every process, namespace (with its links) and file of a testbed; what is already gone is skipped.
    /// Returns what was removed.
    @discardableResult
    public func down(name: String) -> [String] {
        var removed: [String] = []
        let prefix = "zt-\(name)-"
        let state = try? TestbedState.read(name)
        let namespaces = Set((state?.namespaces ?? []) + shell.namespaces().filter { $0.hasPrefix(prefix) })
        for process in state?.processes ?? [] where Self.isAlive(process.pid) && Self.isOurs(process.pid, executable) {
            kill(process.pid, SIGKILL)
            removed.append("process \(process.pid) (\(process.role))")
        }
        for namespace in namespaces.sorted() {
            for pid in shell.pids(in: namespace) {
                kill(pid, SIGKILL)
                removed.append("process \(pid) in \(namespace)")
            }
        }
        for namespace in namespaces.sorted() where (try? shell.runIP("netns", "del", namespace)) != nil {
            removed.append("namespace \(namespace)")
        }
        let directory = TestbedState.directory(name)
        if FileManager.default.fileExists(atPath: directory), (try? FileManager.default.removeItem(atPath: directory)) != nil {
            removed.append("directory \(directory)")
        }
        return removed
    }

    /// Whether a process runs (a zombie, dead but not yet reaped, does not).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return false }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        let state = text[text.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    private static func isOurs(_ pid: Int32, _ executable: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return String(decoding: data, as: UTF8.self).contains("zonectl")
    }

    public struct Status: Sendable {
        public let state: TestbedState
        public let missingNamespaces: [String]
        public let deadProcesses: [TestbedState.Service]
        public var healthy: Bool { state.complete && missingNamespaces.isEmpty && deadProcesses.isEmpty }
    }

    public func status(name: String) throws(TestbedError) -> Status {
        let state = try TestbedState.read(name)
        let present = Set(shell.namespaces())
        return Status(
            state: state, missingNamespaces: state.namespaces.filter { !present.contains($0) },
            deadProcesses: state.processes.filter { !Self.isAlive($0.pid) })
    }
}
