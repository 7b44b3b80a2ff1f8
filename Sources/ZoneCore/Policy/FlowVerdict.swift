import Foundation

/// What the policy says about one flow (a connection or datagram stream to a server port).
public enum FlowVerdict: Hashable, Sendable {
    /// A conduit channel permits it.
    case allowed(AccessRule)
    /// Both ends are in the same zone: no conduit is crossed.
    case intraZone(String)
    /// An end is in no zone of the model.
    case outsideModel(source: String?, destination: String?)
    /// The zones are connected by no conduit in this direction.
    case noConduit(from: String, to: String)
    /// Conduits join the zones, but none of their channels allows this port, direction or host.
    case notAllowed(from: String, to: String, conduits: [String])

    public var isAllowed: Bool {
        switch self {
        case .allowed, .intraZone: true
        case .outsideModel, .noConduit, .notAllowed: false
        }
    }
}

extension AccessPolicy {
    /// Evaluates a flow from `source` to `destination:port` over `transport`.
    public func evaluate(source: IPAddress, destination: IPAddress, transport: Transport, port: UInt16) -> FlowVerdict {
        let sourceZone = zone(of: source)
        let destinationZone = zone(of: destination)
        guard let from = sourceZone, let to = destinationZone else {
            return .outsideModel(source: sourceZone, destination: destinationZone)
        }
        if from == to { return .intraZone(from) }
        let candidates = ruleIndices(from: from, to: to).map { rules[$0] }
        if candidates.isEmpty {
            let joined = Set(rules.filter { Set([$0.from, $0.to]) == Set([from, to]) }.map(\.conduitID))
            return joined.isEmpty ? .noConduit(from: from, to: to) : .notAllowed(from: from, to: to, conduits: joined.sorted())
        }
        for rule in candidates where rule.port.transport == transport && rule.port.ports.contains(port) {
            if matches(rule.sources, source, zone: from) && matches(rule.destinations, destination, zone: to) {
                return .allowed(rule)
            }
        }
        return .notAllowed(from: from, to: to, conduits: Array(Set(candidates.map(\.conduitID))).sorted())
    }

    private func matches(_ scope: EndpointScope, _ address: IPAddress, zone: String) -> Bool {
        switch scope {
        case .zone: true
        case .hosts(let networks): networks.contains { $0.contains(address) }
        }
    }
}
