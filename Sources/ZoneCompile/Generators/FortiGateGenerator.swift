import Foundation
import ZoneCore

/// FortiGate (FortiOS 7.x CLI): interfaces grouped into one zone per model zone, addresses and address groups
/// (IPv4 and IPv6), custom services, and a policy table with logging ending in logged denies.
struct FortiGateGenerator: ConfigGenerator {
    let name = "fortigate"
    private let selection = FirewallSelection(platforms: [.fortigate])

    func unsupportedReason(_ model: ZoneModel) -> String? { selection.unsupportedReason(model) }

    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput {
        var output = GeneratorOutput(files: [])
        for firewall in selection.firewalls(input.model) {
            let zones = try selection.attachedZones(firewall, input.policy)
            // FortiGate matches by interface zone, so the final any/any rule becomes one deny per zone pair.
            let rules = input.policy.rules(between: Set(zones)).filter { $0.from != nil }
            var text = input.header(generator: name, comment: "#")
            text += "# Firewall \(firewall.name) (FortiOS 7.x)\n"
            text += interfaces(firewall, zones)
            let groups = zones.compactMap(input.policy.zoneGroup) + CompiledPolicy.hostGroups(in: rules)
            text += addresses(groups)
            text += services(CompiledPolicy.serviceGroups(in: rules))
            text += policies(rules)
            text += try logging(firewall, input.policy)
            output.files.append(GeneratedFile(path: "fortigate/\(Identifier.safe(firewall.name)).conf", contents: text))
            output.ruleLists.append(RuleList(name: "fortigate/\(firewall.name) policy", rules: rules))
        }
        return output
    }

    private func interfaces(_ firewall: Firewall, _ zones: [String]) -> String {
        var text = "config system interface\n"
        for interface in firewall.interfaces {
            text += "    edit \"\(interface.name)\"\n        set alias \"\(interface.zone)\"\n"
            if let vlan = interface.vlan { text += "        set vlanid \(vlan)\n" }
            if let address = interface.address { text += "        set ip \(address.address) \(address.network.netmask)\n" }
            text += "        set allowaccess ping\n"
            if let address6 = interface.address6 { text += "        config ipv6\n            set ip6-address \(address6)\n        end\n" }
            text += "    next\n"
        }
        text += "end\nconfig system zone\n"
        for zone in zones {
            let members = firewall.interfaces.filter { $0.zone == zone }.map { "\"\($0.name)\"" }.joined(separator: " ")
            text += "    edit \"\(zone)\"\n        set intrazone deny\n        set interface \(members)\n    next\n"
        }
        return text + "end\n"
    }

    private func addresses(_ groups: [AddressGroup]) -> String {
        var text = ""
        for family in [IPAddress.Family.v4, .v6] {
            let suffix = family == .v4 ? "" : "6"
            var objects = ""
            var members = ""
            for group in groups where !group.networks(family).isEmpty {
                let names = group.networks(family).map(Self.addressName)
                for (network, objectName) in zip(group.networks(family), names) {
                    objects += "    edit \"\(objectName)\"\n"
                    objects += family == .v4 ? "        set subnet \(network.address) \(network.netmask)\n" : "        set ip6 \(network)\n"
                    objects += "    next\n"
                }
                members += "    edit \"\(group.name)\(family == .v4 ? "" : "-v6")\"\n"
                members += "        set member \(names.map { "\"\($0)\"" }.joined(separator: " "))\n    next\n"
            }
            guard !objects.isEmpty else { continue }
            text += "config firewall address\(suffix)\n" + Self.unique(objects) + "end\n"
            text += "config firewall addrgrp\(suffix)\n" + members + "end\n"
        }
        return text
    }

    /// Address objects are shared between groups; keep the first definition of each.
    private static func unique(_ objects: String) -> String {
        var seen: Set<String> = []
        var result = ""
        for block in objects.components(separatedBy: "    next\n") where !block.isEmpty {
            if seen.insert(block).inserted { result += block + "    next\n" }
        }
        return result
    }

    static func addressName(_ network: IPNetwork) -> String {
        network.isHost ? "h-\(network.address)" : "n-\(network.address)-\(network.prefixLength)"
    }

    private func services(_ groups: [ServiceGroup]) -> String {
        guard !groups.isEmpty else { return "" }
        var text = "config firewall service custom\n"
        for group in groups {
            text += "    edit \"\(group.name)\"\n"
            for transport in Transport.allCases {
                let ranges = group.ports.filter { $0.transport == transport }.map(\.ports.description)
                if !ranges.isEmpty { text += "        set \(transport.rawValue)-portrange \(ranges.joined(separator: " "))\n" }
            }
            text += "    next\n"
        }
        return text + "end\n"
    }

    private func policies(_ rules: [CompiledRule]) -> String {
        let ids = StableNumbering.assign(rules.map(Self.key), in: 1...99_999)
        var text = "config firewall policy\n"
        for rule in rules {
            guard let from = rule.from, let to = rule.to, let sources = rule.sources, let destinations = rule.destinations else { continue }
            text += "    edit \(ids[Self.key(rule)] ?? 0)\n"
            text += "        set name \"\(Identifier.clip(Identifier.safe(Self.key(rule)), to: 35))\"\n"
            text += "        set srcintf \"\(from)\"\n        set dstintf \"\(to)\"\n"
            for family in [IPAddress.Family.v4, .v6] where !sources.networks(family).isEmpty && !destinations.networks(family).isEmpty {
                let suffix = family == .v4 ? "" : "6"
                let groupSuffix = family == .v4 ? "" : "-v6"
                text += "        set srcaddr\(suffix) \"\(sources.name)\(groupSuffix)\"\n"
                text += "        set dstaddr\(suffix) \"\(destinations.name)\(groupSuffix)\"\n"
            }
            text += "        set action \(rule.verdict == .deny ? "deny" : "accept")\n"
            text += "        set schedule \"always\"\n"
            text += "        set service \"\(rule.service?.name ?? "ALL")\"\n"
            text += "        set logtraffic all\n"
            text += "        set comments \"\(rule.isDenyPosition ? rule.logTag : rule.label)\"\n"
            text += "    next\n"
        }
        return text + "end\n"
    }

    /// The key a policy id is derived from: the channel and direction, or the deny position's zone pair.
    private static func key(_ rule: CompiledRule) -> String {
        if let conduitID = rule.conduitID, let number = rule.channelNumber { return "\(conduitID)-\(number)-\(rule.zonePair)" }
        return "\(rule.reason?.rawValue ?? "deny")-\(rule.zonePair)"
    }

    private func logging(_ firewall: Firewall, _ policy: CompiledPolicy) throws(CompileError) -> String {
        guard let host = firewall.loggingHost, try selection.loggingInterface(firewall, policy) != nil else { return "" }
        let severity = firewall.loggingTrap.map(Self.severity) ?? "information"
        return "config log syslogd setting\n    set status enable\n    set server \"\(host)\"\n    set facility local7\nend\n"
            + "config log syslogd filter\n    set severity \(severity)\nend\n"
    }

    /// ASA trap names to FortiOS severities.
    static func severity(_ trap: String) -> String {
        switch trap.lowercased() {
        case "informational", "information", "6": "information"
        case "debugging", "debug", "7": "debug"
        case "notifications", "notification", "5": "notification"
        case "warnings", "warning", "4": "warning"
        case "errors", "error", "3": "error"
        case "critical", "2": "critical"
        case "alerts", "alert", "1": "alert"
        default: "emergency"
        }
    }
}
