import Foundation
import ZoneCore

/// What every diagram format draws: the zones, and one link per pair of zones a conduit joins, with the
/// direction of each service and the lint errors that mark them.
public struct DiagramGraph: Sendable {
    public struct Node: Sendable, Hashable {
        public let id: String
        public let name: String
        public let purdue: PurdueRange?
        public let securityLevelTarget: String?
        public let assetCount: Int
        public let safety: Bool
        public let airGapped: Bool
        public let hasLintError: Bool
        /// Position in the model file, the tie-breaker that keeps every ordering stable.
        public let order: Int

        /// `Z2-BPCS: Basic Process Control System, level 1-2, SL-T 2, 19 assets` and markers, for titles and alt text.
        public var summary: String {
            var parts = ["\(id): \(name)", purdue.map { "level \($0)" } ?? "level not set",
                         "SL-T \(securityLevelTarget ?? "not set")", "\(assetCount) asset\(assetCount == 1 ? "" : "s")"]
            if safety { parts.append("safety-designated") }
            if airGapped { parts.append("air-gapped") }
            if hasLintError { parts.append("has lint errors") }
            return parts.joined(separator: ", ")
        }
    }

    /// One service of a link, in the direction it is opened.
    public struct Service: Sendable, Hashable {
        /// `OPC UA tcp/4840`.
        public let text: String
        public let from: String
        public let to: String
        public let bidirectional: Bool
        public let unidirectional: Bool
    }

    /// A conduit between two of its zones.
    public struct Link: Sendable, Hashable {
        public let conduitID: String
        public let conduitName: String
        public let securityLevel: String?
        /// The zones in the order the conduit names them.
        public let first: String
        public let second: String
        public let services: [Service]
        public let hasLintError: Bool
        /// A data diode carries traffic one way: from `diodeSource` only.
        public let diodeSource: String?

        /// Whether traffic is opened toward `zone`.
        public func arrives(at zone: String) -> Bool {
            if let diodeSource { return diodeSource != zone }
            return services.contains { $0.to == zone || $0.bidirectional }
        }

        public var heading: String { conduitID + (securityLevel.map { " · SL \($0)" } ?? "") }

        /// `C1-BPCS-OPS (SL 2): OPC UA tcp/4840 Z2-BPCS -> Z3-OPS; …`, for titles and alt text.
        public var summary: String {
            let services = services.map { "\($0.text) \($0.from) \($0.bidirectional ? "<->" : "->") \($0.to)" }
            var text = conduitID + (securityLevel.map { " (SL \($0))" } ?? "") + ": "
            text += services.isEmpty ? "no channels" : services.joined(separator: "; ")
            if let diodeSource { text += "; data diode, one way from \(diodeSource)" }
            if hasLintError { text += "; has lint errors" }
            return text
        }
    }

    public let title: String
    public let nodes: [Node]
    public let links: [Link]

    /// Builds the graph; findings of severity error whose subject is a zone or conduit id mark it.
    public init(model: ZoneModel, findings: [Finding]) {
        let flagged = Set(findings.filter { $0.severity == .error }.compactMap(\.subject))
        title = model.facility ?? "Zones and conduits"
        nodes = model.zones.enumerated().map { index, zone in
            Node(
                id: zone.id, name: zone.name, purdue: zone.purdue,
                securityLevelTarget: zone.securityLevelTarget.map { $0.isVector ? $0.description : "\($0.values[0])" },
                assetCount: zone.assetCount, safety: zone.safetyDesignated || zone.assets.contains(where: \.isSafety),
                airGapped: zone.airGapped, hasLintError: flagged.contains(zone.id), order: index)
        }
        let known = Set(model.zones.map(\.id))
        var links: [Link] = []
        for conduit in model.conduits {
            let zones = conduit.zones.filter { known.contains($0) }
            for (index, first) in zones.enumerated() {
                for second in zones.dropFirst(index + 1) where second != first {
                    links.append(Self.link(conduit, first, second, twoZones: zones.count == 2, flagged: flagged.contains(conduit.id)))
                }
            }
        }
        self.links = links
    }

    private static func link(_ conduit: Conduit, _ first: String, _ second: String, twoZones: Bool, flagged: Bool) -> Link {
        let pair: Set = [first, second]
        let channels = conduit.channels.filter { twoZones || pair == [$0.from, $0.to] }
        let services = channels.map { channel in
            let ports = channel.ports.map(\.description).joined(separator: ",")
            return Service(
                text: ports.isEmpty ? channel.protocolName : "\(channel.protocolName) \(ports)", from: channel.from, to: channel.to,
                bidirectional: channel.bidirectional, unidirectional: channel.unidirectional)
        }
        let diode = services.first(where: \.unidirectional)
        return Link(
            conduitID: conduit.id, conduitName: conduit.name, securityLevel: conduit.securityLevel.map {
                $0.isVector ? $0.description : "\($0.values[0])"
            }, first: first, second: second, services: services, hasLintError: flagged,
            diodeSource: diode.map { pair.contains($0.from) ? $0.from : first })
    }
}
