import Foundation

/// Which hosts of a zone a rule applies to.
public enum EndpointScope: Hashable, Sendable {
    /// Every address of the zone (its subnets).
    case zone
    /// The listed hosts or prefixes only.
    case hosts([IPNetwork])
}

/// One permit of the expanded policy: a channel, in one initiating direction, on one transport port range.
/// Generators turn these into device rules; the evaluator matches observed flows against them.
public struct AccessRule: Hashable, Sendable {
    public let conduitID: String
    public let channelIndex: Int
    /// Initiating zone.
    public let from: String
    /// Responding zone.
    public let to: String
    public let sources: EndpointScope
    public let destinations: EndpointScope
    public let port: ServicePort
    public let serviceID: String?
    public let protocolName: String
    /// Modbus function codes the rule allows, when the channel restricts them.
    public let functionCodes: [Int]?
    public let readOnly: Bool
    public let unidirectional: Bool
    /// The conduit's mode override, if any.
    public let mode: EnforcementMode?
    public let location: SourceLocation

    public init(
        conduitID: String, channelIndex: Int, from: String, to: String, sources: EndpointScope,
        destinations: EndpointScope, port: ServicePort, serviceID: String?, protocolName: String, functionCodes: [Int]?,
        readOnly: Bool, unidirectional: Bool, mode: EnforcementMode?, location: SourceLocation
    ) {
        self.conduitID = conduitID
        self.channelIndex = channelIndex
        self.from = from
        self.to = to
        self.sources = sources
        self.destinations = destinations
        self.port = port
        self.serviceID = serviceID
        self.protocolName = protocolName
        self.functionCodes = functionCodes
        self.readOnly = readOnly
        self.unidirectional = unidirectional
        self.mode = mode
        self.location = location
    }
}
