import Foundation

/// Reads one entry of a conduit's `protocols_allowed` (or `channels`) list.
struct ChannelParser {
    let context: LoadContext
    let model: ZoneModel
    let conduit: Conduit
    let matcher: ZoneNameMatcher
    /// Whether the conduit names two distinct zones; worked out once, not for each direction read.
    private let joinsTwoZones: Bool

    init(context: LoadContext, model: ZoneModel, conduit: Conduit, matcher: ZoneNameMatcher) {
        self.context = context
        self.model = model
        self.conduit = conduit
        self.matcher = matcher
        joinsTwoZones = Set(conduit.zones).count >= 2
    }

    func channel(_ node: YAMLNode) -> Channel? {
        guard let pairs = context.pairs(node, "a conduit channel") else { return nil }
        var protocolName: String?
        var portNodes: [YAMLNode] = []
        var transport: Transport?
        var directionNode: YAMLNode?
        var sourceNodes: [YAMLNode] = []
        var destinationNodes: [YAMLNode] = []
        var channel = Channel(protocolName: "", from: "", to: "", location: context.location(node))
        var explicitReadOnly: Bool?
        var explicitUnidirectional: Bool?
        var explicitCodes: [Int]?
        for (key, keyNode, value) in pairs {
            channel.fieldLocations.add(key, at: context.location(value))
            switch key {
            case "protocol", "service": protocolName = context.string(value, key)
            case "port", "ports": portNodes = context.items(value, key)
            case "transport":
                if let text = context.string(value, key) {
                    transport = Transport(rawValue: text.lowercased())
                    if transport == nil { context.error(.invalidValue, "transport must be tcp or udp, not '\(text)'", at: value) }
                }
            case "direction": directionNode = value
            case "security_mode": channel.securityMode = context.string(value, key)
            case "function_codes":
                explicitCodes = context.items(value, key).compactMap { context.integer($0, "Modbus function code", range: 1...127) }
            case "read_only": explicitReadOnly = context.bool(value, key)
            case "unidirectional", "diode": explicitUnidirectional = context.bool(value, key)
            case "sources", "source": sourceNodes = context.items(value, key)
            case "destinations", "destination": destinationNodes = context.items(value, key)
            case "mfa": channel.mfa = context.bool(value, key) ?? false
            case "jump_host": channel.jumpHost = (context.string(value, key)).map { $0.lowercased() != "false" } ?? false
            case "description", "note", "notes": channel.notes += context.strings(value, key)
            default: context.unknownKey(key, at: keyNode, in: "a channel of conduit \(conduit.id)")
            }
        }
        channel.protocolName = protocolName ?? ""
        channel.service = protocolName.flatMap(ServiceCatalog.service(named:))
        guard let directionNode, readDirection(directionNode, into: &channel) else {
            if directionNode == nil {
                context.error(.invalidValue, "channel \(protocolName ?? "") of conduit \(conduit.id) needs a direction such as \"Z3 -> Z2\"", at: node, subject: conduit.id)
            }
            return nil
        }
        if let explicitReadOnly { channel.readOnly = explicitReadOnly }
        if let explicitUnidirectional { channel.unidirectional = explicitUnidirectional }
        if let explicitCodes { channel.functionCodes = explicitCodes }
        if let codes = channel.functionCodes {
            channel.functionCodes = codes.sortedUnique()
            if let bad = codes.first(where: { !(1...127).contains($0) }) {
                context.error(.invalidValue, "Modbus function code \(bad) is outside 1–127", at: channel.location(of: "direction"), subject: conduit.id)
            }
        }
        guard readPorts(portNodes, transport: transport, node: node, into: &channel) else { return nil }
        channel.sources = endpoints(sourceNodes, zone: channel.from, role: "source", bidirectionalPeer: channel.bidirectional ? channel.to : nil)
        channel.destinations = endpoints(destinationNodes, zone: channel.to, role: "destination", bidirectionalPeer: channel.bidirectional ? channel.from : nil)
        return channel
    }

    private func readDirection(_ node: YAMLNode, into channel: inout Channel) -> Bool {
        var fromName: String
        var toName: String
        if node.kind == .mapping {
            guard let pairs = context.pairs(node, "direction") else { return false }
            var from: String?
            var to: String?
            for (key, keyNode, value) in pairs {
                switch key {
                case "from", "initiator": from = context.string(value, key)
                case "to", "responder": to = context.string(value, key)
                case "bidirectional": channel.bidirectional = context.bool(value, key) ?? false
                default: context.unknownKey(key, at: keyNode, in: "direction")
                }
            }
            guard let from, let to else {
                context.error(.invalidValue, "a direction mapping needs both 'from' and 'to'", at: node, subject: conduit.id)
                return false
            }
            fromName = from
            toName = to
        } else {
            guard let text = context.string(node, "direction") else { return false }
            channel.directionText = text
            guard let parsed = DirectionText(text) else {
                context.error(.invalidValue, "direction '\(text)' must name two zones with an arrow, such as \"Z3 -> Z2 (read only)\"", at: node, subject: conduit.id)
                return false
            }
            fromName = parsed.from
            toName = parsed.to
            channel.bidirectional = parsed.bidirectional
            channel.readOnly = parsed.readOnly
            channel.functionCodes = parsed.functionCodes
            channel.unidirectional = parsed.unidirectional
            channel.mfa = channel.mfa || parsed.mfa
            channel.jumpHost = channel.jumpHost || parsed.jumpHost
            channel.notes = parsed.notes + channel.notes
        }
        guard let from = zone(named: fromName, at: node), let to = zone(named: toName, at: node) else { return false }
        if from == to {
            context.error(.invalidValue, "direction goes from \(from) to itself; a conduit channel crosses between zones", at: node, subject: conduit.id)
            return false
        }
        channel.from = from
        channel.to = to
        return true
    }

    private func zone(named name: String, at node: YAMLNode) -> String? {
        switch matcher.resolve(name) {
        case .zone(let id):
            if !conduit.zones.contains(id) && joinsTwoZones {
                context.error(.unknownReference, "direction names zone \(id), which conduit \(conduit.id) does not connect (it connects \(conduit.zones.joined(separator: ", ")))", at: node, subject: conduit.id)
                return nil
            }
            return id
        case .none:
            context.error(.unknownReference, "direction names '\(name)', which matches no zone id", at: node, subject: conduit.id)
            return nil
        case .ambiguous(let candidates):
            context.error(.unknownReference, "direction names '\(name)', which could be any of \(candidates.joined(separator: ", ")); write the full zone id", at: node, subject: conduit.id)
            return nil
        }
    }

    private func readPorts(_ nodes: [YAMLNode], transport: Transport?, node: YAMLNode, into channel: inout Channel) -> Bool {
        var ports: [ServicePort] = []
        // The service's ports, read once: each read of `channel.service` copies the whole service.
        let servicePorts = channel.service?.ports
        for portNode in nodes {
            guard let text = context.string(portNode, "port")?.lowercased() else { continue }
            var rangeText = Substring(text)
            var ownTransport: Transport?
            // PORT/udp or udp/PORT; split once rather than trying every transport at both ends.
            if let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) {
                let before = text[..<slash]
                let after = text[text.index(after: slash)...]
                if let transport = Transport(rawValue: String(after)) {
                    rangeText = before
                    ownTransport = transport
                } else if let transport = Transport(rawValue: String(before)) {
                    rangeText = after
                    ownTransport = transport
                }
            }
            guard let range = rangeText == "any" ? PortRange(lower: 1, upper: 65535) : PortRange(rangeText) else {
                context.error(.invalidValue, "port '\(text)' is not a port 1–65535, a range such as 1024-2047, or PORT/udp", at: portNode, subject: conduit.id)
                return false
            }
            let fromService = servicePorts?.first { $0.ports.overlaps(range) }?.transport
            let chosen = ownTransport ?? transport ?? fromService ?? servicePorts?.first?.transport ?? .tcp
            ports.append(ServicePort(chosen, range))
        }
        if ports.isEmpty {
            if channel.service == nil, !channel.protocolName.isEmpty {
                context.error(.invalidValue, "protocol '\(channel.protocolName)' is not a service zonectl knows; give its port (and transport)", at: node, subject: conduit.id)
                return false
            }
            guard let service = channel.service else {
                context.error(.invalidValue, "a channel needs a protocol or a port", at: node, subject: conduit.id)
                return false
            }
            ports = service.ports.filter { transport == nil || $0.transport == transport }
            if ports.isEmpty, let transport {
                ports = service.ports.map { ServicePort(transport, $0.ports) }
            }
        }
        if channel.service == nil, let first = ports.first {
            channel.service = ServiceCatalog.service(port: first.ports.lower, transport: first.transport)
        }
        if channel.protocolName.isEmpty { channel.protocolName = channel.service?.displayName ?? ports.map(\.description).joined(separator: ",") }
        channel.ports = ports.sortedUnique()
        return true
    }

    private func endpoints(_ nodes: [YAMLNode], zone: String, role: String, bidirectionalPeer: String?) -> [EndpointReference] {
        nodes.compactMap { node in
            guard var text = context.string(node, role) else { return nil }
            if text.utf8.first == UInt8(ascii: " ") || text.utf8.last == UInt8(ascii: " ") {
                text = text.trimmingWhitespace()
            }
            // Asset names start with a letter; addresses with a digit, or contain a colon (IPv6).
            let looksLikeAddress =
                text.utf8.first.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } == true
                || text.utf8.contains(UInt8(ascii: ":"))
            if looksLikeAddress, let network = IPNetwork(text) { return .network(network) }
            if looksLikeAddress, IPNetwork(text, allowHostBits: true) != nil {
                context.error(.invalidValue, "\(role) '\(text)' has host bits set after the prefix length", at: node, subject: conduit.id)
                return nil
            }
            guard let found = model.assetReference(named: text) else {
                context.error(.unknownReference, "\(role) '\(text)' is neither an asset of the model nor an address or prefix", at: node, subject: conduit.id)
                return nil
            }
            let assetZone = model.zones[found.zone].id
            let assetName = model.zones[found.zone].assets[found.asset].name
            if assetZone != zone && assetZone != bidirectionalPeer {
                context.error(.unknownReference, "\(role) \(assetName) is in zone \(assetZone), but this channel's \(role) side is \(zone)", at: node, subject: conduit.id)
                return nil
            }
            return .asset(assetName)
        }
    }
}
