import ModbusDPI
import ZoneCore

/// A conduit that cannot be turned into a guard policy.
public struct PolicyDerivationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension ModbusPolicy {
    /// Function codes a Modbus channel without a function-code list allows: public reads and writes,
    /// never diagnostics, identification, programming or user-defined codes.
    static let unrestrictedChannelCodes: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 11, 12, 15, 16, 20, 21, 22, 23, 24]

    /// The policy of a conduit's Modbus channels: one rule per channel (and one for its reverse when the
    /// channel is bidirectional), sources and destinations from the named assets or the zones' subnets.
    ///
    /// - Throws: ``PolicyDerivationError`` when the conduit is missing, has no Modbus channel, or a side
    ///   resolves to no address; the guard then refuses to start (fail closed).
    public init(model: ZoneModel, conduit conduitID: String, mode: ModbusMode) throws {
        guard let conduit = model.conduit(conduitID) else {
            throw PolicyDerivationError("\(model.file): no conduit \(conduitID)")
        }
        let channels = conduit.channels.enumerated().filter { $0.element.service?.id == "modbus" }
        guard !channels.isEmpty else {
            throw PolicyDerivationError("\(conduit.location): conduit \(conduitID) has no Modbus channel")
        }
        var rules: [ModbusRule] = []
        for (index, channel) in channels {
            let codes = channel.effectiveFunctionCodes.map { $0.compactMap { UInt8(exactly: $0) } }
                ?? Self.unrestrictedChannelCodes
            let functions = codes.map { ModbusFunctionRule(code: $0) }
            let id = "\(conduitID)/modbus-\(index + 1)"
            let from = try Self.prefixes(channel.sources, zone: channel.from, model: model, channel: channel)
            let to = try Self.prefixes(channel.destinations, zone: channel.to, model: model, channel: channel)
            rules.append(ModbusRule(id: id, sources: from, destinations: to, functions: functions))
            if channel.bidirectional {
                rules.append(ModbusRule(id: id + "-reverse", sources: to, destinations: from, functions: functions))
            }
        }
        self.init(rules: rules, mode: conduit.mode.flatMap { ModbusMode(rawValue: $0.rawValue) } ?? mode)
    }

    private static func prefixes(_ endpoints: [EndpointReference], zone zoneID: String, model: ZoneModel,
                                 channel: Channel) throws -> [IPPrefix] {
        var networks: [IPNetwork] = []
        for endpoint in endpoints {
            switch endpoint {
            case .network(let network):
                networks.append(network)
            case .asset(let name):
                guard let (assetZone, asset) = model.asset(named: name) else {
                    throw PolicyDerivationError("\(channel.location): unknown asset \(name)")
                }
                networks += asset.addresses.isEmpty ? assetZone.network.subnets : asset.addresses.map(IPNetwork.init(host:))
            }
        }
        if endpoints.isEmpty { networks = model.zone(zoneID)?.network.subnets ?? [] }
        guard !networks.isEmpty else {
            throw PolicyDerivationError(
                "\(channel.location): \(channel.summary): zone \(zoneID) has no network.subnets and the channel names no addresses")
        }
        return networks.map { IPPrefix($0.description)! }
    }
}
