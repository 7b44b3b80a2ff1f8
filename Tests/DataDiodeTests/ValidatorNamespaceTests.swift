import Foundation
import Testing

/// Two network namespaces joined by a veth pair, with the DMZ side's egress dropped by nftables: a
/// software diode to validate against. Everything is deleted afterwards, also when a check fails.
@Suite(.serialized) struct ValidatorNamespaceTests {
    private final class DiodeNamespaces {
        let ot = "zd-ot-\(getpid())"
        let dmz = "zd-dmz-\(getpid())"
        let otLink = "zdo\(getpid())"
        let dmzLink = "zdd\(getpid())"
        let otAddress: String
        let dmzAddress: String

        /// IPv4 198.18.9.0/24, or IPv6 fd00:d10d::/64 (addresses without duplicate detection, so they work at once).
        init(ipv6: Bool = false) throws {
            otAddress = ipv6 ? "fd00:d10d::1" : "198.18.9.1"
            dmzAddress = ipv6 ? "fd00:d10d::2" : "198.18.9.2"
            let prefix = ipv6 ? "64" : "24"
            let flags = ipv6 ? ["nodad"] : []
            try ValidatorNamespaceTests.command("ip", "netns", "add", ot)
            try ValidatorNamespaceTests.command("ip", "netns", "add", dmz)
            try ValidatorNamespaceTests.command("ip", "link", "add", otLink, "netns", ot, "type", "veth", "peer", "name", dmzLink, "netns", dmz)
            try ValidatorNamespaceTests.command(["ip", "-n", ot, "addr", "add", "\(otAddress)/\(prefix)", "dev", otLink] + flags)
            try ValidatorNamespaceTests.command(["ip", "-n", dmz, "addr", "add", "\(dmzAddress)/\(prefix)", "dev", dmzLink] + flags)
            for (namespace, link) in [(ot, otLink), (dmz, dmzLink)] {
                try ValidatorNamespaceTests.command("ip", "-n", namespace, "link", "set", link, "up")
                try ValidatorNamespaceTests.command("ip", "-n", namespace, "link", "set", "lo", "up")
            }
            let mac = try ValidatorNamespaceTests.command("ip", "-n", dmz, "-br", "link", "show", dmzLink).split(separator: " ", omittingEmptySubsequences: true)[2]
            try ValidatorNamespaceTests.command("ip", "-n", ot, "neigh", "replace", dmzAddress, "lladdr", String(mac), "dev", otLink, "nud", "permanent")
            try ValidatorNamespaceTests.command("ip", "netns", "exec", dmz, "nft", "add", "table", "netdev", "diode")
            try ValidatorNamespaceTests.command(
                "ip", "netns", "exec", dmz, "nft", "add", "chain", "netdev", "diode", "egress",
                "{ type filter hook egress device \(dmzLink) priority 0; policy drop; }")
        }

        deinit {
            _ = try? ValidatorNamespaceTests.command("ip", "netns", "del", ot)
            _ = try? ValidatorNamespaceTests.command("ip", "netns", "del", dmz)
        }

        private static func endpoint(_ address: String) -> String { address.contains(":") ? "[\(address)]:5450" : "\(address):5450" }

        func removeStaticNeighbour() throws { try ValidatorNamespaceTests.command("ip", "-n", ot, "neigh", "del", dmzAddress, "dev", otLink) }

        /// Opens the reverse direction, and forgets the neighbour lookups that failed while it was closed
        /// (as a freshly opened link would not have them).
        func removeDrop() throws {
            try ValidatorNamespaceTests.command("ip", "netns", "exec", dmz, "nft", "delete", "table", "netdev", "diode")
            try ValidatorNamespaceTests.command("ip", "-n", dmz, "neigh", "flush", "dev", dmzLink)
        }

        func validate(_ directory: TemporaryDirectory, label: String) throws -> (status: Int32?, results: [String: String]) {
            let json = directory.file("\(label).json")
            let run = Zonectl.run(
                [
                    "diode", "validate", "--tx", Self.endpoint(otAddress), "--rx", Self.endpoint(dmzAddress), "--ot-netns", ot, "--dmz-netns", dmz,
                    "--probes", "10", "--json", json,
                ], directory: directory, label: label)
            guard let data = FileManager.default.contents(atPath: json) else { return (run.status, [:]) }
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let results = try #require(report["results"] as? [[String: Any]])
            return (run.status, Dictionary(uniqueKeysWithValues: results.map { ($0["test"] as! String, $0["status"] as! String) }))
        }
    }

    @discardableResult
    fileprivate static func command(_ arguments: String...) throws -> String { try command(arguments) }

    @discardableResult
    fileprivate static func command(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure(description: "\(arguments.joined(separator: " ")): \(text) (run scripts/install-peers for ip and nft)")
        }
        return text
    }

    private struct CommandFailure: Error, CustomStringConvertible {
        let description: String
    }

    @Test func validatorPassesADiodeAndFlagsReverseFlowOnceTheDropIsGone() throws {
        let namespaces = try DiodeNamespaces()
        let directory = TemporaryDirectory()

        let diode = try namespaces.validate(directory, label: "diode")
        #expect(diode.status == 0)
        #expect(diode.results == ["forward_flow": "PASS", "reverse_flow_blocked": "PASS", "replication_latency": "PASS"])

        try namespaces.removeStaticNeighbour()
        let withoutNeighbour = try namespaces.validate(directory, label: "no-neighbour")
        #expect(withoutNeighbour.status == 1)
        #expect(withoutNeighbour.results["forward_flow"] == "FAIL")
        #expect(withoutNeighbour.results["reverse_flow_blocked"] == "PASS")

        try namespaces.removeDrop()
        let open = try namespaces.validate(directory, label: "open")
        #expect(open.status == 1)
        #expect(open.results["forward_flow"] == "PASS")
        #expect(open.results["reverse_flow_blocked"] == "CRITICAL_FAIL")
    }

    /// The same over IPv6 (fd00::/8): the reverse check includes ICMPv6 echo, which is answered once
    /// the drop is removed.
    @Test func validatorChecksAnIPv6DiodeWithICMPv6Echo() throws {
        let namespaces = try DiodeNamespaces(ipv6: true)
        let directory = TemporaryDirectory()

        let diode = try namespaces.validate(directory, label: "diode6")
        #expect(diode.status == 0)
        #expect(diode.results == ["forward_flow": "PASS", "reverse_flow_blocked": "PASS", "replication_latency": "PASS"])

        try namespaces.removeDrop()
        let open = try namespaces.validate(directory, label: "open6")
        #expect(open.status == 1)
        #expect(open.results["reverse_flow_blocked"] == "CRITICAL_FAIL")
        let report = try String(contentsOfFile: directory.file("open6.json"), encoding: .utf8)
        #expect(report.contains("ICMP echo replies from fd00:d10d::1"))
    }
}
