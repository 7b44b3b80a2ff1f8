import ZoneCore

/// Cisco IOS industrial Ethernet switches: one VLAN per zone, hardened access ports, a trunk to the firewall
/// carrying exactly the VLANs whose traffic crosses a conduit, and unused ports parked in a black-hole VLAN.
struct IOSSwitchGenerator: ConfigGenerator {
    let name = "cisco-ios-switch"
    static let defaultBlackHoleVLAN = 999

    func unsupportedReason(_ model: ZoneModel) -> String? {
        model.switches.contains { $0.platform == .ios }
            ? nil : "the model's devices section has no switch with platform ios (devices: switches: [...])"
    }

    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput {
        var files: [GeneratedFile] = []
        for device in input.model.switches where device.platform == .ios {
            files.append(GeneratedFile(path: "ios-switch/\(Identifier.safe(device.name)).cfg", contents: try render(device, input)))
        }
        return GeneratorOutput(files: files)
    }

    private func render(_ device: Switch, _ input: CompileInput) throws(CompileError) -> String {
        let model = input.model
        let blackHole = device.unusedVLAN ?? Self.defaultBlackHoleVLAN
        let native = device.nativeVLAN ?? blackHole
        var zoneVLANs: [(zone: Zone, vlan: Int)] = []
        for zone in model.zones {
            if let vlan = zone.network.vlan { zoneVLANs.append((zone, vlan)) }
        }
        for group in device.portGroups where model.zone(group.zone)?.network.vlan == nil {
            throw CompileError(
                .zoneWithoutNetwork, "switch \(device.name) ports \(group.ports) are in zone \(group.zone), which has no network.vlan",
                at: group.location)
        }
        if let clash = zoneVLANs.first(where: { $0.vlan == blackHole || $0.vlan == native }) {
            throw CompileError(
                .invalidDevice, "switch \(device.name): VLAN \(clash.vlan) of zone \(clash.zone.id) is also the black-hole or native VLAN",
                at: device.location)
        }
        var text = input.header(generator: name, comment: "!")
        text += "! Switch \(device.name)\n!\nvlan dot1q tag native\n"
        for (zone, vlan) in zoneVLANs.sorted(by: { $0.vlan < $1.vlan }) {
            text += "vlan \(vlan)\n name \(Self.vlanName(zone.id))\n"
        }
        text += "vlan \(blackHole)\n name BLACK-HOLE\n"
        if native != blackHole { text += "vlan \(native)\n name NATIVE-UNUSED\n" }
        for group in device.portGroups {
            guard let zone = model.zone(group.zone), let vlan = zone.network.vlan else { continue }
            text += "!\ninterface range \(group.ports)\n"
            text += " description \(group.description ?? "\(zone.id) access ports")\n"
            text += " switchport mode access\n switchport access vlan \(vlan)\n switchport nonegotiate\n"
            text += " switchport port-security\n switchport port-security maximum 1\n"
            text += " switchport port-security mac-address sticky\n"
            text += " switchport port-security violation \(group.violation ?? Self.violation(for: zone))\n"
            text += " spanning-tree portfast\n spanning-tree bpduguard enable\n"
            if Self.isControl(zone) { text += " no cdp enable\n no lldp transmit\n no lldp receive\n" }
            text += " no shutdown\n"
        }
        if let trunk = device.trunkPorts {
            let crossing = Self.crossingVLANs(device, model)
            text += "!\ninterface \(trunk.contains("-") ? "range " : "")\(trunk)\n"
            text += " description \(device.trunkDescription ?? "Trunk to zone firewall")\n"
            text += " switchport mode trunk\n switchport nonegotiate\n"
            text += " switchport trunk native vlan \(native)\n"
            text += " switchport trunk allowed vlan \(crossing.isEmpty ? "none" : crossing.map(String.init).joined(separator: ","))\n"
            text += " no shutdown\n"
        }
        for ports in device.unusedPorts {
            text += "!\ninterface range \(ports)\n description unused, parked in black-hole VLAN \(blackHole)\n"
            text += " switchport mode access\n switchport access vlan \(blackHole)\n shutdown\n"
        }
        return text
    }

    /// VLANs of zones on this switch (by port group) or on a firewall interface, joined to another zone by a
    /// conduit with at least one channel: only their traffic has a reason to reach the firewall.
    static func crossingVLANs(_ device: Switch, _ model: ZoneModel) -> [Int] {
        let present = Set(device.portGroups.map(\.zone) + model.firewalls.flatMap { $0.interfaces.map(\.zone) })
        let crossing = Set(model.conduits.filter { !$0.channels.isEmpty }.flatMap { $0.channels.flatMap { [$0.from, $0.to] } })
        return Set(model.zones.filter { present.contains($0.id) && crossing.contains($0.id) }.compactMap(\.network.vlan)).sorted()
    }

    /// Shut the port on a violation in safety and high-criticality zones; elsewhere drop and count (restrict).
    static func violation(for zone: Zone) -> String {
        let criticality = zone.criticality?.lowercased() ?? ""
        if zone.safetyDesignated || criticality.contains("critical") || criticality.contains("high") { return "shutdown" }
        return "restrict"
    }

    /// Control and safety zones (Purdue 0–2) get no discovery protocols.
    static func isControl(_ zone: Zone) -> Bool { zone.safetyDesignated || zone.purdue?.isControl == true }

    /// IOS VLAN names: up to 32 characters, no spaces.
    static func vlanName(_ zoneID: String) -> String { Identifier.clip(Identifier.safe(zoneID), to: 32) }
}
