import ZoneCore

/// Cisco ASA and ISA-3000 (ASA software 9.x, unified IPv4/IPv6 access lists): interfaces, object groups, one
/// inbound access list per interface ending in `deny ip any any log`, access-group bindings and logging.
struct CiscoASAGenerator: ConfigGenerator {
    let name = "cisco-asa"
    private let selection = FirewallSelection(platforms: [.asa, .isa3000])

    func unsupportedReason(_ model: ZoneModel) -> String? { selection.unsupportedReason(model) }

    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput {
        var output = GeneratorOutput(files: [])
        for firewall in selection.firewalls(input.model) {
            let zones = try selection.attachedZones(firewall, input.policy)
            let rules = input.policy.rules(between: Set(zones))
            // About two hundred bytes per rule for its remark and entries, and as much again for its object
            // groups: enough that the text is not copied while it grows.
            var text = input.header(generator: name, comment: "!")
            text.reserveCapacity(420 * rules.count + 4096)
            text += "! Firewall \(firewall.name) (\(firewall.platform.rawValue)); requires ASA 9.0 or later for IPv6 in access lists\n"
            text += interfaces(firewall, input.model)
            objectGroups(rules, zones: zones, policy: input.policy, into: &text)
            let rulesByInterface = Self.rulesByIngressZone(rules, zones: firewall.interfaces.map(\.zone))
            for (interface, aclRules) in zip(firewall.interfaces, rulesByInterface) {
                let aclName = interface.effectiveNameif + "_access_in"
                text += "!\n"
                accessList(aclName, aclRules, into: &text)
                output.ruleLists.append(RuleList(name: "asa/\(firewall.name)/\(aclName)", rules: aclRules))
            }
            text += "!\n"
            for interface in firewall.interfaces {
                text += "access-group \(interface.effectiveNameif)_access_in in interface \(interface.effectiveNameif)\n"
            }
            text += modbusNote(firewall, rules)
            text += try logging(firewall, input.policy)
            output.files.append(GeneratedFile(path: "asa/\(Identifier.safe(firewall.name)).cfg", contents: text))
        }
        return output
    }

    /// For each interface's zone, in order, the rules that enter through it: those from that zone and those from
    /// any zone. One pass over the rules, rather than one per interface.
    static func rulesByIngressZone(_ rules: [CompiledRule], zones: [String]) -> [[CompiledRule]] {
        var slots: [String: [Int]] = [:]
        for (slot, zone) in zones.enumerated() { slots[zone, default: []].append(slot) }
        var lists = Array(repeating: [CompiledRule](), count: zones.count)
        for rule in rules {
            guard let from = rule.from else {
                for slot in lists.indices { lists[slot].append(rule) }
                continue
            }
            for slot in slots[from] ?? [] { lists[slot].append(rule) }
        }
        return lists
    }

    private func interfaces(_ firewall: Firewall, _ model: ZoneModel) -> String {
        var text = ""
        for interface in firewall.interfaces {
            text += "!\ninterface \(interface.name)\n"
            if let vlan = interface.vlan { text += " vlan \(vlan)\n" }
            text += " nameif \(interface.effectiveNameif)\n"
            text += " security-level \(interface.securityLevel ?? Self.defaultSecurityLevel(model.zone(interface.zone)))\n"
            if let address = interface.address { text += " ip address \(address.address) \(address.network.netmask)\n" }
            if let address6 = interface.address6 { text += " ipv6 address \(address6)\n" }
            text += " no shutdown\n"
        }
        return text
    }

    /// Lower Purdue levels are more trusted: level 1 gets 90, level 3 gets 70, the DMZ 50, enterprise 20.
    static func defaultSecurityLevel(_ zone: Zone?) -> Int {
        guard let level = zone?.purdue?.upper.tenths else { return 50 }
        switch level {
        case ...10: return 90
        case ...20: return 80
        case ...30: return 70
        case ...35: return 50
        case ...40: return 20
        default: return 0
        }
    }

    private func objectGroups(_ rules: [CompiledRule], zones: [String], policy: CompiledPolicy, into text: inout String) {
        let groups = zones.compactMap(policy.zoneGroup) + CompiledPolicy.hostGroups(in: rules)
        // Appended piece by piece: an interpolated line longer than a small string costs an allocation.
        for group in groups {
            text += "!\nobject-group network "
            text += group.name
            text += "\n"
            for network in group.networks {
                text += " network-object "
                if network.isHost {
                    text += "host "
                    text += network.address.description
                } else {
                    text += Self.object(network)
                }
                text += "\n"
            }
        }
        for service in CompiledPolicy.serviceGroups(in: rules) {
            text += "!\nobject-group service \(service.name)\n"
            for port in service.ports {
                let match = port.ports.isSingle ? "eq \(port.ports.lower)" : "range \(port.ports.lower) \(port.ports.upper)"
                text += " service-object \(port.transport.rawValue) destination \(match)\n"
            }
        }
    }

    static func object(_ network: IPNetwork) -> String {
        if network.isHost { return "host \(network.address)" }
        return network.family == .v4 ? "\(network.address) \(network.netmask)" : network.description
    }

    /// An access entry as written: its verdict and the groups it names (nil for any). Entries are compared by
    /// these parts rather than by their text, so that no line is built only to be looked up.
    private struct Entry: Hashable {
        let deny: Bool
        let service: String?
        let sources: String?
        let destinations: String?
    }

    private func accessList(_ name: String, _ rules: [CompiledRule], into text: inout String) {
        var seen: Set<Entry> = []
        seen.reserveCapacity(rules.count)
        for rule in rules {
            let deny = rule.verdict == .deny
            // An entry names groups only when it has both ends; otherwise it is `ip any any`.
            let ends = rule.sources.flatMap { sources in rule.destinations.map { (sources: sources.name, destinations: $0.name) } }
            let service = ends == nil ? nil : rule.service?.name
            let entry = Entry(deny: deny, service: service, sources: ends?.sources, destinations: ends?.destinations)
            guard seen.insert(entry).inserted else { continue }
            text += "access-list "
            text += name
            text += " remark "
            text += rule.isDenyPosition ? rule.logTag : rule.label
            text += "\naccess-list "
            text += name
            text += deny ? " extended deny " : " extended permit "
            if let (sources, destinations) = ends {
                if let service {
                    text += "object-group "
                    text += service
                    text += " object-group "
                } else {
                    text += "ip object-group "
                }
                text += sources
                text += " object-group "
                text += destinations
                text += service == nil ? " log\n" : "\n"
            } else {
                text += "ip any any log\n"
            }
        }
    }

    private func modbusNote(_ firewall: Firewall, _ rules: [CompiledRule]) -> String {
        let restricted = rules.filter { $0.accessRules.contains { $0.functionCodes != nil } }
        guard !restricted.isEmpty else { return "" }
        var text = "!\n! ASA has no Modbus function-code inspection; the function-code policy of\n"
        for rule in restricted {
            let codes = rule.accessRules.first?.functionCodes?.map(String.init).joined(separator: ",") ?? ""
            text += "!   \(rule.label): FC \(codes)\n"
        }
        text += firewall.platform == .isa3000
            ? "! is enforced by the Snort 3 rules (target snort) on the ISA-3000 Firepower module.\n"
            : "! is enforced by the Snort 3 rules (target snort) or the Modbus guard (target modbus-guard).\n"
        return text
    }

    private func logging(_ firewall: Firewall, _ policy: CompiledPolicy) throws(CompileError) -> String {
        var text = "!\nlogging enable\nlogging trap \(firewall.loggingTrap ?? "informational")\n"
        if let host = firewall.loggingHost, let interface = try selection.loggingInterface(firewall, policy) {
            text += "logging host \(interface.effectiveNameif) \(host)\n"
        }
        return text
    }
}
