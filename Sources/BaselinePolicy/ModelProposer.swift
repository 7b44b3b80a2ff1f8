import FlowBaseline
import Foundation

/// Proposes a zone/conduit model in zonectl's YAML format from a baseline: zones by Purdue level, subnet and VLAN,
/// conduits from the flows that cross zones, with their services, directions, endpoints and Modbus function codes.
public enum ModelProposer {
    public struct ProposedZone: Sendable {
        public var id: String
        public var name: String
        public var level: Int
        /// Upper end of the zone's Purdue range; equals `level` for a single level.
        public var upperLevel: Int
        public var vlan: Int?
        public var subnets: [String]
        public var assets: [AssetRecord]
    }

    /// Groups assets into zones. Controllers and their supervisory hosts (levels 1–2) of one subnet form one zone,
    /// as do assets of one other level; a subnet that mixes bands is split into one zone per band with host routes,
    /// so no two zones overlap.
    public static func zones(for assets: [AssetRecord]) -> [ProposedZone] {
        struct GroupKey: Hashable, Comparable {
            var network: FlowAddress
            var prefix: Int
            var vlan: Int?
            static func < (lhs: GroupKey, rhs: GroupKey) -> Bool { (lhs.network, lhs.vlan ?? -1) < (rhs.network, rhs.vlan ?? -1) }
        }
        var groups: [GroupKey: [AssetRecord]] = [:]
        for asset in assets where asset.address.isIP {
            let (network, prefix) = asset.address.defaultNetwork
            let vlan = asset.vlans.first.flatMap { Int($0.split(separator: ".")[0]) }
            groups[GroupKey(network: network, prefix: prefix, vlan: vlan), default: []].append(asset)
        }
        var zones: [ProposedZone] = []
        for key in groups.keys.sorted() {
            let members = groups[key]!
            let bands = Set(members.map { band($0.purdueTenths) }).sorted()
            let netText = "\(key.network)/\(key.prefix)"
            let vlanPart = key.vlan.map { "-VLAN\($0)" } ?? ""
            for bandLevel in bands {
                let inLevel = members.filter { band($0.purdueTenths) == bandLevel }
                let level = inLevel.map(\.purdueTenths).min() ?? bandLevel
                let upper = inLevel.map(\.purdueTenths).max() ?? bandLevel
                let subnets = bands.count == 1
                    ? [netText]
                    : inLevel.map { "\($0.address)/\($0.address.kind == .v4 ? 32 : 128)" }
                let id = "L\(level / 10)\(vlanPart)-" + idText(key.network.description)
                zones.append(ProposedZone(
                    id: id, name: "Level \(level / 10) \(levelName(level)) in \(netText)\(key.vlan.map { " (VLAN \($0))" } ?? "")",
                    level: level, upperLevel: upper, vlan: key.vlan, subnets: subnets, assets: inLevel))
            }
        }
        return zones
    }

    /// Levels 0–2 share a band: a cell's controllers and its HMIs and engineering workstations.
    static func band(_ tenths: Int) -> Int { tenths <= 20 ? 10 : tenths }

    static func levelText(_ tenths: Int) -> String { tenths % 10 == 0 ? "\(tenths / 10)" : "\(Double(tenths) / 10)" }

    static func idText(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "-" }).uppercased()
    }

    static func levelName(_ tenths: Int) -> String {
        switch tenths {
        case ..<10: "process"
        case 10: "control"
        case 20: "supervisory"
        case 30: "operations"
        case 35: "DMZ"
        default: "enterprise"
        }
    }

    /// The proposed model as YAML text that ``ModelLoader`` reads.
    public static func yaml(flows: [FlowRecord], assets: [AssetRecord], facility: String = "Observed plant") -> String {
        let zones = zones(for: assets)
        var zoneOf: [FlowAddress: String] = [:]
        for zone in zones { for asset in zone.assets { zoneOf[asset.address] = zone.id } }
        let levelOf = Dictionary(uniqueKeysWithValues: zones.map { ($0.id, $0.level) })
        let assetsByAddress = Dictionary(uniqueKeysWithValues: assets.map { ($0.address, $0) })
        var out = YAMLWriter()
        out.line("# Proposed from observed traffic by `zonectl baseline propose`; review before use.")
        out.line("facility: \(YAMLWriter.quote(facility))")
        out.line("zones:")
        for zone in zones {
            out.line("  - zone_id: \(YAMLWriter.quote(zone.id))")
            out.line("    name: \(YAMLWriter.quote(zone.name))")
            let range = zone.level == zone.upperLevel ? levelText(zone.level) : "\"\(levelText(zone.level))-\(levelText(zone.upperLevel))\""
            out.line("    purdue_level: \(range)")
            out.line("    security_level_target: \"SL \(zone.level <= 20 ? 2 : 1)\"")
            out.line("    assets:")
            for asset in zone.assets {
                out.line("      - name: \(YAMLWriter.quote(assetName(asset)))")
                out.line("        role: \(asset.role.rawValue)")
                out.line("        ip: [\(YAMLWriter.quote(asset.address.description))]")
                if let mac = asset.macs.first { out.line("        mac: \(YAMLWriter.quote(mac))") }
                let why = (asset.evidence + asset.vendors.map { "vendor \($0)" }).joined(separator: "; ")
                out.line("        description: \(YAMLWriter.quote("\(asset.role.rawValue) (confidence \(String(format: "%.2f", asset.confidence))): \(why)"))")
            }
            out.line("    network:")
            if let vlan = zone.vlan, (1...4094).contains(vlan) { out.line("      vlan: \(vlan)") }
            out.line("      subnets: [\(zone.subnets.map(YAMLWriter.quote).joined(separator: ", "))]")
        }
        let channels = channels(flows: flows, zoneOf: zoneOf)
        let pairs = Dictionary(grouping: channels) { [$0.from, $0.to].sorted() }
        if !pairs.isEmpty { out.line("conduits:") }
        for pair in pairs.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let list = pairs[pair]!
            let maxLevel = pair.compactMap { levelOf[$0] }.min() ?? 30
            out.line("  - conduit_id: \(YAMLWriter.quote("C-\(pair[0])-\(pair[1])"))")
            out.line("    connects: [\(pair.map(YAMLWriter.quote).joined(separator: ", "))]")
            out.line("    security_level: \"SL \(maxLevel <= 20 ? 2 : 1)\"")
            out.line("    protocols_allowed:")
            for channel in list {
                if channel.service != .unknown { out.line("      - protocol: \(YAMLWriter.quote(channel.service.displayName))") }
                out.line("\(channel.service != .unknown ? "        " : "      - ")port: \"\(channel.port)/\(FlowTransport.name(channel.transport))\"")
                out.line("        direction: {from: \(YAMLWriter.quote(channel.from)), to: \(YAMLWriter.quote(channel.to))}")
                // Engineering workstations are named as assets, so the model shows who may write into control zones.
                let byName = channel.sources.allSatisfy { assetsByAddress[$0]?.role == .engineeringWorkstation }
                let sources = channel.sources.sorted().map { byName ? assetName(assetsByAddress[$0]!) : $0.description }
                out.line("        sources: [\(sources.map(YAMLWriter.quote).joined(separator: ", "))]")
                out.line("        destinations: [\(channel.destinations.sorted().map { YAMLWriter.quote($0.description) }.joined(separator: ", "))]")
                if channel.service == .modbus, !channel.functionCodes.isEmpty {
                    out.line("        function_codes: [\(channel.functionCodes.sorted().map(String.init).joined(separator: ", "))]")
                } else if channel.service.isIndustrial, channel.operations.isDisjoint(with: [.write, .program, .control]) {
                    out.line("        read_only: true")
                }
                out.line("        notes: [\(YAMLWriter.quote("observed \(channel.packets) packets"))]")
            }
        }
        return out.text
    }

    static func assetName(_ asset: AssetRecord) -> String {
        asset.role.rawValue.uppercased() + "-" + idText(asset.address.description)
    }

    struct ProposedChannel {
        var from: String
        var to: String
        var transport: UInt8
        var port: UInt16
        var service: Service
        var sources: Set<FlowAddress> = []
        var destinations: Set<FlowAddress> = []
        var functionCodes: Set<UInt8> = []
        var operations: OperationClass = []
        var packets: UInt64 = 0
    }

    /// Cross-zone TCP/UDP flows grouped by zones, transport, port and service.
    static func channels(flows: [FlowRecord], zoneOf: [FlowAddress: String]) -> [ProposedChannel] {
        struct Key: Hashable { var from: String; var to: String; var transport: UInt8; var port: UInt16; var service: Service }
        var channels: [Key: ProposedChannel] = [:]
        for flow in flows where flow.key.transport == FlowTransport.tcp || flow.key.transport == FlowTransport.udp {
            guard flow.key.port != 0, let from = zoneOf[flow.key.client], let to = zoneOf[flow.key.server], from != to else { continue }
            let key = Key(from: from, to: to, transport: flow.key.transport, port: flow.key.port, service: flow.service)
            var channel = channels[key] ?? ProposedChannel(from: from, to: to, transport: key.transport, port: key.port, service: key.service)
            channel.sources.insert(flow.key.client)
            channel.destinations.insert(flow.key.server)
            channel.functionCodes.formUnion(flow.requestCodes.members.filter { (1...127).contains($0) })
            channel.operations.formUnion(flow.operations)
            channel.packets += flow.packets
            channels[key] = channel
        }
        return channels.values.sorted { ($0.from, $0.to, $0.transport, $0.port) < ($1.from, $1.to, $1.transport, $1.port) }
    }
}
