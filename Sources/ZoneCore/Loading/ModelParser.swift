import Foundation

/// Phase one of loading: turns YAML nodes into model values, checking each value on its own.
/// Names that refer to other parts of the model are checked afterwards by ``ReferenceResolver``.
struct ModelParser {
    let context: LoadContext

    /// Fills `model` from `root`; returns each conduit's channel nodes, read once zones are known.
    func parse(_ root: YAMLNode, into model: inout ZoneModel) -> [[YAMLNode]] {
        guard let pairs = context.pairs(root, "the model") else { return [] }
        var zones: [Zone] = []
        var conduits: [(Conduit, [YAMLNode])] = []
        for (key, keyNode, value) in pairs {
            switch key {
            case "facility", "system_under_consideration", "suc": model.facility = context.string(value, key)
            case "assessment_date": model.assessmentDate = context.string(value, key)
            case "implementation_date": model.implementationDate = context.string(value, key)
            case "standard": model.standard = context.string(value, key)
            case "version", "description": _ = context.string(value, key)
            case "zones": zones = context.items(value, "zones").compactMap(zone)
            case "conduits": conduits = context.items(value, "conduits").compactMap(conduit)
            case "devices": devices(value, into: &model)
            default:
                if !documentationField(key, value, into: &model.documentation) {
                    context.unknownKey(key, at: keyNode, in: "the model")
                }
            }
        }
        model.zones = zones
        model.conduits = conduits.map(\.0)
        return conduits.map(\.1)
    }

    /// Reads one of the ZCR 6.4 documentation keys; false when `key` is not one of them.
    func documentationField(_ key: String, _ value: YAMLNode, into documentation: inout Documentation) -> Bool {
        switch key {
        case "accountable_org", "accountable_organization", "owner": documentation.accountableOrganization = context.string(value, key)
        case "logical_boundary": documentation.logicalBoundary = context.string(value, key)
        case "physical_boundary": documentation.physicalBoundary = context.string(value, key)
        case "access_points": documentation.accessPoints = context.strings(value, key)
        case "policies": documentation.policies = context.strings(value, key)
        case "assumptions": documentation.assumptions = context.strings(value, key)
        case "risk_rationale", "risk_assessment", "risk_reference": documentation.riskRationale = context.string(value, key)
        default: return false
        }
        return true
    }

    // MARK: - Zones

    func zone(_ node: YAMLNode) -> Zone? {
        guard let pairs = context.pairs(node, "a zone") else { return nil }
        var zone = Zone(id: "", location: context.location(node))
        var nameWasGiven = false
        var safetyWasGiven = false
        var terminatesWasGiven = false
        for (key, keyNode, value) in pairs {
            zone.fieldLocations.add(key, at: context.location(value))
            switch key {
            case "zone_id", "id": zone.id = context.string(value, "zone_id") ?? ""
            case "name":
                zone.name = context.string(value, key) ?? ""
                nameWasGiven = true
            case "purdue_level", "level": zone.purdue = purdueRange(value)
            case "security_level_target", "sl_target", "sl_t", "security_level":
                zone.securityLevelTarget = SecurityLevelParser(context: context).parse(value, allowVector: true)
            case "criticality": zone.criticality = context.string(value, key)
            case "safety_designated", "safety":
                zone.safetyDesignated = context.bool(value, key) ?? false
                safetyWasGiven = true
            case "air_gapped": zone.airGapped = context.bool(value, key) ?? false
            case "external": zone.external = context.bool(value, key) ?? false
            case "terminates", "dmz":
                zone.terminatesTraffic = context.bool(value, key) ?? false
                terminatesWasGiven = true
            case "assets": zone.assets = context.items(value, "assets").compactMap(asset)
            case "security_requirements", "requirements": zone.securityRequirements = context.strings(value, key)
            case "controls": zone.controls = context.strings(value, key)
            case "allowed_conduits":
                let items = context.items(value, key)
                zone.allowedConduits = items.compactMap { context.string($0, key) }
                for (index, item) in items.enumerated() { zone.fieldLocations["allowed_conduits[\(index)]"] = context.location(item) }
            case "network": zone.network = network(value)
            case "description": _ = context.string(value, key)
            default:
                if !documentationField(key, value, into: &zone.documentation) {
                    context.unknownKey(key, at: keyNode, in: "zone '\(zone.id)'")
                }
            }
        }
        if zone.id.isEmpty {
            context.error(.invalidValue, "a zone needs a zone_id", at: node)
            return nil
        }
        if !nameWasGiven { zone.name = zone.id }
        if !safetyWasGiven {
            zone.safetyDesignated = zone.criticality?.lowercased().contains("safety") ?? false
        }
        if !terminatesWasGiven { zone.terminatesTraffic = zone.isDMZ }
        let requirementText = zone.securityRequirements.joined(separator: " ").lowercased()
        if !zone.airGapped && (requirementText.contains("air-gap") || requirementText.contains("air gap")) {
            zone.airGapped = true
        }
        return zone
    }

    func purdueRange(_ node: YAMLNode) -> PurdueRange? {
        guard let text = context.string(node, "purdue_level") else { return nil }
        guard let range = PurdueRange(text.trimmingWhitespace()) else {
            context.error(.invalidValue, "purdue_level '\(text)' is not a Purdue level (0, 1, 2, 3, 3.5, 4, 5) or a range such as \"1-2\"", at: node)
            return nil
        }
        return range
    }

    func network(_ node: YAMLNode) -> ZoneNetwork {
        var network = ZoneNetwork()
        network.location = context.location(node)
        guard let pairs = context.pairs(node, "network") else { return network }
        for (key, keyNode, value) in pairs {
            switch key {
            case "vlan": network.vlan = context.integer(value, "vlan", range: 1...4094)
            case "subnets", "subnet": network.subnets = context.items(value, key).compactMap { context.network($0, "subnet") }
            case "gateway", "gateways": network.gateways = context.items(value, key).compactMap { context.ipAddress($0, "gateway") }
            default: context.unknownKey(key, at: keyNode, in: "network")
            }
        }
        return network
    }

    // MARK: - Assets

    func asset(_ node: YAMLNode) -> Asset? {
        if node.kind == .scalar {
            guard let text = context.string(node, "asset") else { return nil }
            return Self.asset(fromText: text, location: context.location(node))
        }
        guard let pairs = context.pairs(node, "an asset") else { return nil }
        var name: String?
        var description: String?
        var role: AssetRole?
        var result = Asset(name: "", description: "", role: .other, location: context.location(node))
        for (key, keyNode, value) in pairs {
            switch key {
            case "name", "id": name = context.string(value, key)
            case "description": description = context.string(value, key)
            case "role":
                if let text = context.string(value, key) {
                    role = AssetRole(rawValue: String(text.lowercased().map { $0 == " " ? "-" : $0 }))
                    if role == nil {
                        let known = AssetRole.allCases.map(\.rawValue).joined(separator: ", ")
                        context.error(.invalidValue, "asset role '\(text)' is not one of: \(known)", at: value)
                    }
                }
            case "ip", "ips", "address", "addresses":
                result.addresses = context.items(value, key).compactMap { context.ipAddress($0, "asset address") }
            case "mac": result.mac = context.string(value, key)
            case "switch_port", "port": result.switchPort = context.string(value, key)
            case "temporary": result.temporary = context.bool(value, key) ?? false
            case "wireless": result.wireless = context.bool(value, key) ?? false
            case "remote": result.remote = context.bool(value, key) ?? false
            case "safety": result.safety = context.bool(value, key) ?? false
            case "count", "quantity": result.quantity = context.integer(value, key, range: 1...1_000_000) ?? 1
            default: context.unknownKey(key, at: keyNode, in: "asset '\(name ?? "")'")
            }
        }
        guard let name, !name.isEmpty else {
            context.error(.invalidValue, "an asset needs a name", at: node)
            return nil
        }
        let tag = Self.tag(of: name)
        result.name = tag.name
        result.description = description ?? name
        result.quantity = max(result.quantity, tag.quantity)
        result.role = role ?? AssetRole.infer(fromName: name + " " + (description ?? ""))
        result.roleIsExplicit = role != nil
        return result
    }

    /// Reads the seed's free-text form: `Allen-Bradley ControlLogix PLCs (PLC-01 through PLC-12)`.
    /// The tag in the last parentheses becomes the asset's name; a `through` range gives the group size.
    static func asset(fromText text: String, location: SourceLocation) -> Asset {
        let tag = tag(of: text)
        return Asset(name: tag.name, description: text, role: AssetRole.infer(fromName: text), quantity: tag.quantity, location: location)
    }

    /// The name and group size that a tag in trailing parentheses gives; the text itself when there is none.
    static func tag(of text: String) -> (name: String, quantity: Int) {
        var name = text
        var quantity = 1
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") {
            let tag = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingWhitespace()
            if !tag.isEmpty { name = tag }
            let bounds = tag.components(separatedBy: " through ")
            if bounds.count == 2, let first = trailingNumber(bounds[0]), let last = trailingNumber(bounds[1]), last >= first {
                quantity = last - first + 1
            }
        }
        return (name, quantity)
    }

    private static func trailingNumber(_ text: String) -> Int? {
        let digits = text.reversed().prefix(while: \.isNumber)
        // Nine digits keep a group size far from overflow.
        return digits.isEmpty || digits.count > 9 ? nil : Int(String(digits.reversed()))
    }

    // MARK: - Conduits

    func conduit(_ node: YAMLNode) -> (Conduit, [YAMLNode])? {
        guard let pairs = context.pairs(node, "a conduit") else { return nil }
        var conduit = Conduit(id: "", location: context.location(node))
        var nameWasGiven = false
        var channelNodes: [YAMLNode] = []
        for (key, keyNode, value) in pairs {
            conduit.fieldLocations.add(key, at: context.location(value))
            switch key {
            case "conduit_id", "id": conduit.id = context.string(value, "conduit_id") ?? ""
            case "name":
                conduit.name = context.string(value, key) ?? ""
                nameWasGiven = true
            case "connects", "zones":
                let items = context.items(value, key)
                conduit.zones = items.compactMap { context.string($0, key) }
                for (index, item) in items.enumerated() { conduit.fieldLocations["connects[\(index)]"] = context.location(item) }
            case "security_level", "security_level_target", "sl_target":
                conduit.securityLevel = SecurityLevelParser(context: context).parse(value, allowVector: true)
            case "protocols_allowed", "channels": channelNodes = context.items(value, key)
            case "controls": conduit.controls = context.strings(value, key)
            case "mode":
                if let text = context.string(value, key) {
                    conduit.mode = EnforcementMode(rawValue: text.lowercased())
                    if conduit.mode == nil {
                        context.error(.invalidValue, "conduit mode must be 'enforce' or 'monitor', not '\(text)'", at: value)
                    }
                }
            case "description": _ = context.string(value, key)
            default:
                if !documentationField(key, value, into: &conduit.documentation) {
                    context.unknownKey(key, at: keyNode, in: "conduit '\(conduit.id)'")
                }
            }
        }
        if conduit.id.isEmpty {
            context.error(.invalidValue, "a conduit needs a conduit_id", at: node)
            return nil
        }
        if !nameWasGiven { conduit.name = conduit.id }
        return (conduit, channelNodes)
    }

    // MARK: - Devices

    func devices(_ node: YAMLNode, into model: inout ZoneModel) {
        guard let pairs = context.pairs(node, "devices") else { return }
        for (key, keyNode, value) in pairs {
            switch key {
            case "firewalls": model.firewalls = context.items(value, key).compactMap(firewall)
            case "switches": model.switches = context.items(value, key).compactMap(networkSwitch)
            default: context.unknownKey(key, at: keyNode, in: "devices")
            }
        }
    }

    func firewall(_ node: YAMLNode) -> Firewall? {
        guard let pairs = context.pairs(node, "a firewall") else { return nil }
        var firewall = Firewall(name: "", platform: .asa, location: context.location(node))
        for (key, keyNode, value) in pairs {
            switch key {
            case "name": firewall.name = context.string(value, key) ?? ""
            case "platform":
                if let text = context.string(value, key) {
                    if let platform = FirewallPlatform(rawValue: text.lowercased()) {
                        firewall.platform = platform
                    } else {
                        let known = FirewallPlatform.allCases.map(\.rawValue).joined(separator: ", ")
                        context.error(.invalidValue, "firewall platform '\(text)' is not supported; use one of: \(known)", at: value)
                    }
                }
            case "interfaces": firewall.interfaces = context.items(value, key).compactMap(firewallInterface)
            case "logging_host": firewall.loggingHost = context.ipAddress(value, key)
            case "logging_trap": firewall.loggingTrap = context.string(value, key)
            default: context.unknownKey(key, at: keyNode, in: "firewall '\(firewall.name)'")
            }
        }
        if firewall.name.isEmpty {
            context.error(.invalidValue, "a firewall needs a name", at: node)
            return nil
        }
        return firewall
    }

    func firewallInterface(_ node: YAMLNode) -> FirewallInterface? {
        guard let pairs = context.pairs(node, "a firewall interface") else { return nil }
        var interface = FirewallInterface(name: "", zone: "", location: context.location(node))
        for (key, keyNode, value) in pairs {
            switch key {
            case "name": interface.name = context.string(value, key) ?? ""
            case "nameif": interface.nameif = context.string(value, key)
            case "zone": interface.zone = context.string(value, key) ?? ""
            case "address": interface.address = context.interfaceAddress(value, "interface address")
            case "address6", "ipv6_address": interface.address6 = context.interfaceAddress(value, "interface IPv6 address")
            case "security_level": interface.securityLevel = context.integer(value, key, range: 0...100)
            case "vlan": interface.vlan = context.integer(value, key, range: 1...4094)
            default: context.unknownKey(key, at: keyNode, in: "firewall interface '\(interface.name)'")
            }
        }
        if interface.name.isEmpty || interface.zone.isEmpty {
            context.error(.invalidValue, "a firewall interface needs a name and a zone", at: node)
            return nil
        }
        return interface
    }

    func networkSwitch(_ node: YAMLNode) -> Switch? {
        guard let pairs = context.pairs(node, "a switch") else { return nil }
        var device = Switch(name: "", platform: .ios, location: context.location(node))
        for (key, keyNode, value) in pairs {
            switch key {
            case "name": device.name = context.string(value, key) ?? ""
            case "platform":
                if let text = context.string(value, key) {
                    if let platform = SwitchPlatform(rawValue: text.lowercased()) {
                        device.platform = platform
                    } else {
                        context.error(.invalidValue, "switch platform '\(text)' is not supported; use: ios", at: value)
                    }
                }
            case "ports": device.portGroups = context.items(value, key).compactMap(portGroup)
            case "trunk":
                guard let trunk = context.pairs(value, "trunk") else { continue }
                for (trunkKey, trunkKeyNode, trunkValue) in trunk {
                    switch trunkKey {
                    case "ports", "port": device.trunkPorts = context.string(trunkValue, trunkKey)
                    case "description": device.trunkDescription = context.string(trunkValue, trunkKey)
                    default: context.unknownKey(trunkKey, at: trunkKeyNode, in: "trunk")
                    }
                }
            case "native_vlan": device.nativeVLAN = context.integer(value, key, range: 1...4094)
            case "unused_vlan": device.unusedVLAN = context.integer(value, key, range: 1...4094)
            case "unused_ports": device.unusedPorts = context.strings(value, key)
            default: context.unknownKey(key, at: keyNode, in: "switch '\(device.name)'")
            }
        }
        if device.name.isEmpty {
            context.error(.invalidValue, "a switch needs a name", at: node)
            return nil
        }
        return device
    }

    func portGroup(_ node: YAMLNode) -> SwitchPortGroup? {
        guard let pairs = context.pairs(node, "a switch port group") else { return nil }
        var group = SwitchPortGroup(ports: "", zone: "", location: context.location(node))
        for (key, keyNode, value) in pairs {
            switch key {
            case "ports", "range", "port": group.ports = context.string(value, key) ?? ""
            case "zone": group.zone = context.string(value, key) ?? ""
            case "description": group.description = context.string(value, key)
            case "violation":
                group.violation = context.string(value, key)?.lowercased()
                if let mode = group.violation, !["shutdown", "restrict", "protect"].contains(mode) {
                    context.error(.invalidValue, "port-security violation mode must be shutdown, restrict or protect, not '\(mode)'", at: value)
                }
            default: context.unknownKey(key, at: keyNode, in: "switch ports")
            }
        }
        if group.ports.isEmpty || group.zone.isEmpty {
            context.error(.invalidValue, "a switch port group needs ports and a zone", at: node)
            return nil
        }
        return group
    }
}
