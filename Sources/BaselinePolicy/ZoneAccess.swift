import FlowBaseline
import ZoneCore

/// Which zone an address belongs to, and whether a model's conduits let a connection through.
/// Zone membership: an asset's own address first, then the longest zone subnet that contains it.
public struct ZoneAccess {
    public let model: ZoneModel
    private let assetZones: [IPAddress: String]

    public init(model: ZoneModel) {
        self.model = model
        var assetZones: [IPAddress: String] = [:]
        for zone in model.zones {
            for asset in zone.assets { for address in asset.addresses where assetZones[address] == nil { assetZones[address] = zone.id } }
        }
        self.assetZones = assetZones
    }

    public func zone(of address: IPAddress) -> Zone? {
        if let id = assetZones[address] { return model.zone(id) }
        var best: (Zone, Int)?
        for zone in model.zones {
            for subnet in zone.network.subnets where subnet.contains(address) && subnet.prefixLength > (best?.1 ?? -1) {
                best = (zone, subnet.prefixLength)
            }
        }
        return best?.0
    }

    public enum Verdict: Equatable, Sendable {
        case sameZone
        case allowed(conduit: String, channel: Int)
        case denied(reason: String)
    }

    /// The verdict for a connection from `source` to `destination` on `transport`/`port`.
    public func verdict(source: IPAddress, destination: IPAddress, transport: Transport, port: UInt16) -> Verdict {
        guard let from = zone(of: source) else { return .denied(reason: "\(source) is in no zone of the model") }
        guard let to = zone(of: destination) else { return .denied(reason: "\(destination) is in no zone of the model") }
        if from.id == to.id { return .sameZone }
        for conduit in model.conduits {
            for (index, channel) in conduit.channels.enumerated() where permits(channel, from: from.id, to: to.id, source: source, destination: destination, transport: transport, port: port) {
                return .allowed(conduit: conduit.id, channel: index)
            }
        }
        return .denied(reason: "no conduit channel allows \(transport)/\(port) from \(from.id) to \(to.id)")
    }

    func permits(_ channel: Channel, from: String, to: String, source: IPAddress, destination: IPAddress, transport: Transport, port: UInt16) -> Bool {
        let forward = channel.from == from && channel.to == to
        let backward = channel.bidirectional && channel.from == to && channel.to == from
        guard forward || backward else { return false }
        guard channel.ports.contains(where: { $0.transport == transport && $0.ports.contains(port) }) else { return false }
        let sources = forward ? channel.sources : channel.destinations
        let destinations = forward ? channel.destinations : channel.sources
        return matches(sources, source) && matches(destinations, destination)
    }

    func matches(_ endpoints: [EndpointReference], _ address: IPAddress) -> Bool {
        if endpoints.isEmpty { return true }
        return endpoints.contains { endpoint in
            switch endpoint {
            case .network(let network): network.contains(address)
            case .asset(let name): model.asset(named: name)?.asset.addresses.contains(address) ?? false
            }
        }
    }
}
