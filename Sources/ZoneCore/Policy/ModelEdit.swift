import Foundation

/// One suggested change to a model: a channel on an existing conduit, or a new conduit, as YAML to paste and as the
/// edited model, so that lint can tell whether the change would break a rule.
public struct ModelEdit: Sendable {
    public let model: ZoneModel
    public let yaml: String
    public let serviceName: String

    /// Hosts are listed by asset name (or address); more than 32 of them open the channel to the whole zones instead.
    public init(model original: ZoneModel, from: String, to: String, port: ServicePort, conduit: String?, sources: [String], destinations: [String]) {
        let service = ServiceCatalog.service(port: port.ports.lower, transport: port.transport)
        serviceName = service?.displayName ?? port.description
        let sourceList = sources.count <= 32 ? sources : []
        let destinationList = destinations.count <= 32 ? destinations : []
        var channel = Channel(protocolName: serviceName, from: from, to: to, location: SourceLocation(file: "<suggestion>", line: 1, column: 1))
        channel.service = service
        channel.ports = [port]
        channel.sources = sourceList.map(Self.reference)
        channel.destinations = destinationList.map(Self.reference)
        var edited = original
        var channelYAML = "{protocol: \"\(serviceName)\", port: \(port.ports), transport: \(port.transport), direction: \"\(from) -> \(to)\""
        if !sourceList.isEmpty { channelYAML += ", sources: [\(Self.quoted(sourceList))]" }
        if !destinationList.isEmpty { channelYAML += ", destinations: [\(Self.quoted(destinationList))]" }
        channelYAML += "}"
        if let conduit, let index = edited.conduits.firstIndex(where: { $0.id == conduit }) {
            edited.conduits[index].channels.append(channel)
            yaml = "# under conduit \(conduit), protocols_allowed:\n- \(channelYAML)\n"
        } else {
            let id = "C-\(from)-\(to)"
            var added = Conduit(id: id, location: channel.location)
            added.zones = [from, to]
            let levels = [from, to].compactMap { edited.zone($0)?.securityLevelTarget?.overall }
            let level = levels.max() ?? 1
            added.securityLevel = SecurityLevel(uniform: level)
            added.channels = [channel]
            edited.conduits.append(added)
            for zoneID in [from, to] {
                if let index = edited.zones.firstIndex(where: { $0.id == zoneID }), edited.zones[index].allowedConduits != nil {
                    edited.zones[index].allowedConduits?.append(id)
                }
            }
            yaml = """
                # under conduits (and add \(id) to allowed_conduits of \(from) and \(to)):
                - conduit_id: "\(id)"
                  connects: ["\(from)", "\(to)"]
                  security_level: "SL \(level)"
                  protocols_allowed:
                    - \(channelYAML)

                """
        }
        model = edited
    }

    private static func quoted(_ names: [String]) -> String { names.map { "\"\($0)\"" }.joined(separator: ", ") }

    private static func reference(_ name: String) -> EndpointReference {
        IPNetwork(name).map(EndpointReference.network) ?? .asset(name)
    }
}
