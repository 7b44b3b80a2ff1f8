import ZoneCore

/// A complete nftables ruleset for a Linux router between zones. Applying it with `nft -f` replaces the
/// `inet zonectl` table in one transaction, so it can be applied again and again.
struct NftablesGenerator: ConfigGenerator {
    let name = "nftables"
    static let table = "zonectl"

    func unsupportedReason(_ model: ZoneModel) -> String? { nil }

    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput {
        let devices = input.model.firewalls.filter { $0.platform == .nftables }
        guard !devices.isEmpty else {
            let zones = input.policy.zoneGroups.map { String($0.name.dropFirst(5)) }
            let rules = input.policy.rules(between: Set(zones))
            return GeneratorOutput(
                files: [GeneratedFile(path: "nftables/zonectl.nft", contents: render(input, zones: zones, rules: rules, device: nil))],
                ruleLists: [RuleList(name: "nftables/zonectl forward", rules: rules)])
        }
        var output = GeneratorOutput(files: [])
        let selection = FirewallSelection(platforms: [.nftables])
        for device in devices {
            let zones = try selection.attachedZones(device, input.policy)
            let rules = input.policy.rules(between: Set(zones))
            output.files.append(
                GeneratedFile(path: "nftables/\(Identifier.safe(device.name)).nft", contents: render(input, zones: zones, rules: rules, device: device)))
            output.ruleLists.append(RuleList(name: "nftables/\(device.name) forward", rules: rules))
        }
        return output
    }

    private func render(_ input: CompileInput, zones: [String], rules: [CompiledRule], device: Firewall?) -> String {
        var setNames = SetNamer()
        var text = input.header(generator: name, comment: "#")
        text += "# Router \(device?.name ?? "between all zones of the model"); apply with: nft -f FILE\n"
        text += "table inet \(Self.table)\ndelete table inet \(Self.table)\n\ntable inet \(Self.table) {\n"
        for zone in zones {
            guard let group = input.policy.zoneGroup(zone) else { continue }
            for family in [IPAddress.Family.v4, .v6] {
                let elements = group.networks(family).map(\.description)
                text += "\tset \(setNames.name(zone, family)) {\n"
                text += "\t\ttype \(family == .v4 ? "ipv4_addr" : "ipv6_addr")\n\t\tflags interval\n"
                if !elements.isEmpty { text += "\t\telements = { \(elements.joined(separator: ", ")) }\n" }
                text += "\t}\n\n"
            }
        }
        text += "\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n"
        text += "\t\tct state established,related accept\n"
        for zone in zones {
            guard let group = input.policy.zoneGroup(zone) else { continue }
            for family in [IPAddress.Family.v4, .v6] where !group.networks(family).isEmpty {
                let set = "@" + setNames.name(zone, family)
                text += "\t\t\(Self.keyword(family)) saddr \(set) \(Self.keyword(family)) daddr \(set) counter accept comment \"intra-zone \(zone)\"\n"
            }
        }
        for rule in rules {
            text += "\t\t# "
            text += rule.isDenyPosition ? rule.logTag : rule.label
            text += "\n"
            appendLines(rule, to: &text, &setNames)
        }
        text += "\t}\n}\n"
        return text
    }

    /// One line per address family and, for permits, per expanded access rule (transport and port range).
    private func appendLines(_ rule: CompiledRule, to text: inout String, _ setNames: inout SetNamer) {
        let verdict: String
        switch rule.verdict {
        case .permit: verdict = "counter accept"
        case .deny: verdict = "counter log prefix \"\(Self.prefix(rule))\" drop"
        case .monitor: verdict = "counter log prefix \"\(Self.prefix(rule))\" accept"
        }
        guard let sources = rule.sources, let destinations = rule.destinations, let from = rule.from, let to = rule.to else {
            text += "\t\t\(verdict)\n"
            return
        }
        for family in [IPAddress.Family.v4, .v6] {
            guard let source = match(sources, zone: from, family, &setNames), let destination = match(destinations, zone: to, family, &setNames)
            else { continue }
            let addresses = "\(Self.keyword(family)) saddr \(source) \(Self.keyword(family)) daddr \(destination)"
            guard let service = rule.service else {
                text += "\t\t\(addresses) \(verdict)\n"
                continue
            }
            // Appended piece by piece: an interpolated line longer than a small string costs an allocation.
            for port in service.ports {
                text += "\t\t"
                text += addresses
                text += " "
                text += port.transport.rawValue
                text += " dport "
                text += port.ports.description
                text += " "
                text += verdict
                text += "\n"
            }
        }
    }

    private func match(_ group: AddressGroup, zone: String, _ family: IPAddress.Family, _ setNames: inout SetNamer) -> String? {
        let networks = group.networks(family)
        guard !networks.isEmpty else { return nil }
        if group.kind == .zone { return "@" + setNames.name(zone, family) }
        return networks.count == 1 ? Self.element(networks[networks.startIndex]) : "{ " + networks.map(Self.element).joined(separator: ", ") + " }"
    }

    private static func element(_ network: IPNetwork) -> String { network.isHost ? network.address.description : network.description }

    static func keyword(_ family: IPAddress.Family) -> String { family == .v4 ? "ip" : "ip6" }

    /// The kernel keeps 127 bytes of a log prefix.
    static func prefix(_ rule: CompiledRule) -> String { String((rule.logTag + ": ").utf8.prefix(127))! }

    /// Set names: letters, digits and `_`, distinct per zone and family.
    private struct SetNamer {
        private var names: [String: String] = [:]
        private var used: Set<String> = []

        mutating func name(_ zone: String, _ family: IPAddress.Family) -> String {
            let key = zone + "|" + (family == .v4 ? "v4" : "v6")
            if let name = names[key] { return name }
            var base = Identifier.word(zone) + (family == .v4 ? "_v4" : "_v6")
            while used.contains(base) { base = "z" + base }
            used.insert(base)
            names[key] = base
            return base
        }
    }
}
