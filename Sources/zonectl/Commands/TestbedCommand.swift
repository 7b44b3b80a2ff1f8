import ArgumentParser
import Foundation
import Testbed
import ZoneCore

struct TestbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "testbed",
        abstract: "Bring a zone/conduit model up as an emulated network of Linux network namespaces (root).",
        discussion: """
            Addresses are mapped into 198.18.0.0/15 and fd00::/8; the mapping is printed by 'up'. See docs/testbed.md.
            """,
        subcommands: [
            TestbedUpCommand.self, TestbedDownCommand.self, TestbedStatusCommand.self, TestbedReplayCommand.self, TestbedListenCommand.self,
        ])

    /// Runs a testbed operation, turning its error into a message and exit code 2.
    static func check<T>(_ body: () throws(TestbedError) -> T) throws -> T {
        do { return try body() } catch {
            StandardStream.error("zonectl: \(TestbedError.wrapping(error).message)\n")
            throw ZoneCtlExit.invalidInput
        }
    }

    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func defaultName(_ model: String) -> String {
        let base = URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent.lowercased()
        let name = String(base.filter { $0.isASCII && ($0.isLowercase || $0.isNumber) }.prefix(8))
        return name.isEmpty ? "model" : name
    }
}

struct TestbedUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Create the namespaces, links, firewall ruleset and services for a model.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(help: "Testbed name (1-8 lower-case letters and digits; default: from the model file name).")
    var name: String?

    func run() throws {
        let name = name ?? TestbedCommand.defaultName(model)
        let state = try TestbedCommand.check { () throws(TestbedError) in
            try Testbed(executable: TestbedCommand.executable).up(model: model, name: name) { print($0) }
        }
        print("testbed \(state.name) is up: \(state.namespaces.count) namespaces, \(state.processes.count) services")
        print("state: \(TestbedState.directory(state.name))/state.json; remove with 'zonectl testbed down \(state.name)'")
    }
}

struct TestbedDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Remove every namespace, link, process and file of a testbed (also a half-built one).")

    @Argument(help: "Testbed name; without it, every testbed with a state directory.")
    var name: String?

    func run() throws {
        let testbed = try TestbedCommand.check { () throws(TestbedError) in try Testbed(executable: TestbedCommand.executable) }
        let names = name.map { [$0] } ?? TestbedState.names()
        for name in names {
            let removed = testbed.down(name: name)
            print("testbed \(name): removed \(removed.count) items")
        }
    }
}

struct TestbedStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show a testbed's namespaces and services; exit 1 when any is gone.")

    @Argument(help: "Testbed name; without it, every testbed with a state directory.")
    var name: String?

    func run() throws {
        let testbed = try TestbedCommand.check { () throws(TestbedError) in try Testbed(executable: TestbedCommand.executable) }
        var healthy = true
        for name in name.map({ [$0] }) ?? TestbedState.names() {
            let status = try TestbedCommand.check { () throws(TestbedError) in try testbed.status(name: name) }
            print("testbed \(name) (\(status.state.model)): \(status.healthy ? "up" : "DEGRADED")")
            print("  namespaces: \(status.state.namespaces.joined(separator: " "))")
            for entry in status.state.mapping { print("  \(entry.zone): \(entry.original) -> \(entry.mapped)") }
            for process in status.state.processes {
                let alive = !status.deadProcesses.contains { $0.pid == process.pid }
                print("  \(process.role) pid \(process.pid) in \(process.namespace): \(alive ? "running" : "STOPPED")")
            }
            for namespace in status.missingNamespaces { print("  namespace \(namespace): MISSING") }
            if !status.state.complete { print("  incomplete: 'up' did not finish; run 'zonectl testbed down \(name)'") }
            healthy = healthy && status.healthy
        }
        if !healthy { throw ZoneCtlExit.findings }
    }
}

struct TestbedListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen", abstract: "Accept TCP connections and echo UDP datagrams on the given addresses and ports (used inside a testbed).")

    @Option(help: "An address to listen on (repeatable).")
    var address: [String] = []

    @Option(help: "A port, tcp/N or udp/N (repeatable).")
    var port: [String] = []

    @Option(help: "ADDR:PORT another service owns (repeatable).")
    var skip: [String] = []

    func run() throws {
        let addresses = try address.map { text in
            guard let address = IPAddress(text) else { throw ValidationError("--address \(text): not an IP address") }
            return address
        }
        let ports = try port.map { text in
            let parts = text.split(separator: "/")
            guard parts.count == 2, let transport = Transport(rawValue: String(parts[0])), let number = UInt16(parts[1]) else {
                throw ValidationError("--port \(text): use tcp/N or udp/N")
            }
            return ServicePort(transport, number)
        }
        try TestbedCommand.check { () throws(TestbedError) in
            try ServiceListener.run(addresses: addresses, ports: ports, skip: Set(skip))
        }
    }
}
