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
        // About three hundred bytes per rule (comment and one line per port and family), so that the text is
        // not copied while it grows.
        text.reserveCapacity(320 * rules.count + 4096)
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
        var line = ""
        for rule in rules {
            text += "\t\t# "
            text += rule.isDenyPosition ? rule.logTag : rule.label
            text += "\n"
            appendLines(rule, to: &text, &setNames, line: &line)
        }
        text += "\t}\n}\n"
        return text
    }

    /// One line per address family and, for permits, per expanded access rule (transport and port range).
    /// Lines are appended piece by piece into `text`, with the address part built once per family in `line`
    /// (kept between calls for its capacity): joined or interpolated pieces would cost an allocation each.
    private func appendLines(_ rule: CompiledRule, to text: inout String, _ setNames: inout SetNamer, line: inout String) {
        let ending: String
        switch rule.verdict {
        case .permit: ending = " counter accept\n"
        case .deny: ending = " counter log prefix \"\(Self.prefix(rule))\" drop\n"
        case .monitor: ending = " counter log prefix \"\(Self.prefix(rule))\" accept\n"
        }
        guard let sources = rule.sources, let destinations = rule.destinations, let from = rule.from, let to = rule.to else {
            text += "\t\t"
            text += ending.dropFirst()
            return
        }
        for family in [IPAddress.Family.v4, .v6] where !sources.networks(family).isEmpty && !destinations.networks(family).isEmpty {
            line.removeAll(keepingCapacity: true)
            line += "\t\t"
            line += Self.keyword(family)
            line += " saddr "
            appendMatch(sources, zone: from, family, &setNames, to: &line)
            line += " "
            line += Self.keyword(family)
            line += " daddr "
            appendMatch(destinations, zone: to, family, &setNames, to: &line)
            guard let service = rule.service else {
                text += line
                text += ending
                continue
            }
            for port in service.ports {
                text += line
                text += Self.portMatch(port.transport)
                text += port.ports.description
                text += ending
            }
        }
    }

    /// The set of a zone group, or the group's addresses of one family: one bare, several in braces.
    private func appendMatch(
        _ group: AddressGroup, zone: String, _ family: IPAddress.Family, _ setNames: inout SetNamer, to line: inout String
    ) {
        if group.kind == .zone {
            line += "@"
            line += setNames.name(zone, family)
            return
        }
        let networks = group.networks(family)
        guard networks.count > 1 else {
            line += Self.element(networks[networks.startIndex])
            return
        }
        line += "{ "
        for (offset, network) in zip(0..., networks) {
            if offset > 0 { line += ", " }
            line += Self.element(network)
        }
        line += " }"
    }

    private static func element(_ network: IPNetwork) -> String { network.isHost ? network.address.description : network.description }

    static func keyword(_ family: IPAddress.Family) -> String { family == .v4 ? "ip" : "ip6" }

    private static func portMatch(_ transport: Transport) -> String {
        switch transport {
        case .tcp: " tcp dport "
        case .udp: " udp dport "
        }
    }

    /// The kernel keeps 127 bytes of a log prefix.
    static func prefix(_ rule: CompiledRule) -> String { String((rule.logTag + ": ").utf8.prefix(127))! }

    /// Set names: letters, digits and `_`, distinct per zone and family.
    private struct SetNamer {
        private struct Key: Hashable {
            let zone: String
            let family: IPAddress.Family
        }

        private var names: [Key: String] = [:]
        private var used: Set<String> = []

        mutating func name(_ zone: String, _ family: IPAddress.Family) -> String {
            let key = Key(zone: zone, family: family)
            if let name = names[key] { return name }
            var base = Identifier.word(zone) + (family == .v4 ? "_v4" : "_v6")
            while used.contains(base) { base = "z" + base }
            used.insert(base)
            names[key] = base
            return base
        }
    }
}
