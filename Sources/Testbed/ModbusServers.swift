import ZoneCore

/// The Modbus servers a Modbus channel reaches: its destination hosts, or, when it names none, the field
/// controllers (PLC, RTU, IED) of its destination zone.
enum ModbusServers {
    static let roles: Set<AssetRole> = [.plc, .rtu, .ied]

    static func isModbus(_ rule: AccessRule) -> Bool {
        rule.port.transport == .tcp && rule.port.ports.contains(TestbedPlan.modbusPort) && !rule.unidirectional
    }

    static func of(_ rule: AccessRule, _ policy: AccessPolicy, _ model: ZoneModel) -> [IPAddress] {
        if case .hosts(let networks) = rule.destinations { return networks.filter(\.isHost).map(\.address) }
        return (model.zone(rule.to)?.assets ?? []).filter { roles.contains($0.role) }.flatMap(\.addresses)
    }

    /// Every Modbus server of every Modbus channel of the model.
    static func all(_ model: ZoneModel) -> Set<IPAddress> {
        let policy = AccessPolicy(model: model)
        return Set(policy.rules.filter(isModbus).flatMap { of($0, policy, model) })
    }
}
