import Foundation

/// A flow seen on the network or in device logs, aggregated: what a would-be-blocked analysis starts from.
public struct ObservedFlow: Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    public var transport: Transport
    public var port: UInt16
    public var count: Int
    /// Seconds since 1970, UTC.
    public var firstSeen: Int64?
    public var lastSeen: Int64?

    public init(source: IPAddress, destination: IPAddress, transport: Transport, port: UInt16, count: Int, firstSeen: Int64?, lastSeen: Int64?) {
        self.source = source
        self.destination = destination
        self.transport = transport
        self.port = port
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// One flow that the enforced model would block, with the reason.
public struct BlockedFlow: Codable, Sendable, Equatable {
    public var sourceZone: String?
    public var destinationZone: String?
    /// The asset name when the address belongs to one, else the address.
    public var source: String
    public var destination: String
    public var transport: Transport
    public var port: UInt16
    public var service: String
    public var count: Int
    public var firstSeen: String?
    public var lastSeen: String?
    public var reason: String
}

/// A model change that would allow a group of blocked flows, or the verdict that none should.
public struct ModelSuggestion: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Add a channel to an existing conduit.
        case newChannel = "new-channel"
        /// Add a conduit between two zones.
        case newConduit = "new-conduit"
        /// Allowing these flows would break an IEC 62443 rule: fix the source, not the model.
        case violation
    }

    public var kind: Kind
    public var fromZone: String
    public var toZone: String
    public var conduit: String?
    public var service: String
    public var flows: Int
    public var records: Int
    /// YAML to paste into the model (for `violation`, what would have been needed).
    public var yaml: String
    /// Lint errors the change would cause.
    public var violations: [String]
}

/// Finds the observed flows that the enforced model would block, groups them, and proposes model changes.
public struct BlockedFlowAnalysis: Codable, Sendable {
    public var blocked: [BlockedFlow]
    /// Flows with an address in no zone of the model.
    public var unmapped: [BlockedFlow]
    public var suggestions: [ModelSuggestion]

    /// Reads the `analysis` part of a `zonectl logs analyze --json` file (or a bare analysis).
    public static func read(path: String) throws -> BlockedFlowAnalysis {
        struct Wrapped: Decodable { let analysis: BlockedFlowAnalysis }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationResultsError(message: "\(path): cannot read the analysis file")
        }
        if let wrapped = try? JSONDecoder().decode(Wrapped.self, from: data) { return wrapped.analysis }
        do {
            return try JSONDecoder().decode(BlockedFlowAnalysis.self, from: data)
        } catch {
            throw ValidationResultsError(message: "\(path): not a `zonectl logs analyze --json` file")
        }
    }

    public init(model: ZoneModel, flows: [ObservedFlow]) {
        let policy = AccessPolicy(model: model)
        var hostNames: [IPAddress: String] = [:]
        for zone in model.zones { for asset in zone.assets { for address in asset.addresses { hostNames[address] = asset.name } } }
        func name(_ address: IPAddress) -> String { hostNames[address] ?? address.description }

        struct GroupKey: Hashable {
            let from: String
            let to: String
            let port: ServicePort
        }
        var groups: [GroupKey: (conduits: [String], flows: [ObservedFlow])] = [:]
        var blocked: [BlockedFlow] = []
        var unmapped: [BlockedFlow] = []
        for flow in flows {
            let verdict = policy.evaluate(source: flow.source, destination: flow.destination, transport: flow.transport, port: flow.port)
            let service = ServiceCatalog.service(port: flow.port, transport: flow.transport)?.displayName ?? "\(flow.transport)/\(flow.port)"
            var entry = BlockedFlow(
                sourceZone: policy.zone(of: flow.source), destinationZone: policy.zone(of: flow.destination), source: name(flow.source),
                destination: name(flow.destination), transport: flow.transport, port: flow.port, service: service, count: flow.count,
                firstSeen: flow.firstSeen.map(Self.isoTime), lastSeen: flow.lastSeen.map(Self.isoTime), reason: "")
            switch verdict {
            case .allowed, .intraZone:
                continue
            case .outsideModel:
                entry.reason = "an address is in no zone of the model"
                unmapped.append(entry)
            case .noConduit(let from, let to):
                entry.reason = "no conduit lets \(from) initiate to \(to)"
                blocked.append(entry)
                groups[GroupKey(from: from, to: to, port: ServicePort(flow.transport, flow.port)), default: ([], [])].flows.append(flow)
            case .notAllowed(let from, let to, let conduits):
                entry.reason = "conduit \(conduits.joined(separator: ", ")) does not allow this port, direction or host"
                blocked.append(entry)
                groups[GroupKey(from: from, to: to, port: ServicePort(flow.transport, flow.port)), default: ([], [])].conduits = conduits
                groups[GroupKey(from: from, to: to, port: ServicePort(flow.transport, flow.port))]!.flows.append(flow)
            }
        }
        let baselineErrors = Set(Linter.lint(model).filter { $0.severity == .error }.map(\.message))
        suggestions = groups.sorted { ($0.key.from, $0.key.to, $0.key.port) < ($1.key.from, $1.key.to, $1.key.port) }.map { key, group in
            let sources = Array(Set(group.flows.map { name($0.source) })).sorted()
            let destinations = Array(Set(group.flows.map { name($0.destination) })).sorted()
            let edit = ModelEdit(
                model: model, from: key.from, to: key.to, port: key.port, conduit: group.conduits.first, sources: sources, destinations: destinations)
            let newErrors = Linter.lint(edit.model).filter { $0.severity == .error && !baselineErrors.contains($0.message) }
            return ModelSuggestion(
                kind: newErrors.isEmpty ? (group.conduits.isEmpty ? .newConduit : .newChannel) : .violation, fromZone: key.from,
                toZone: key.to, conduit: group.conduits.first, service: edit.serviceName, flows: group.flows.count,
                records: group.flows.reduce(0) { $0 + $1.count }, yaml: edit.yaml,
                violations: newErrors.map { "error[\($0.ruleID)]: \($0.message)" })
        }
        self.blocked = blocked.sorted { ($0.sourceZone ?? "", $0.destinationZone ?? "", $0.port, $0.source, $0.destination) < ($1.sourceZone ?? "", $1.destinationZone ?? "", $1.port, $1.source, $1.destination) }
        self.unmapped = unmapped.sorted { ($0.source, $0.destination, $0.port) < ($1.source, $1.destination, $1.port) }
    }

    /// `2026-11-26T10:00:00Z`, computed directly: a date formatter per flow would dominate large analyses.
    public static func isoTime(_ seconds: Int64) -> String {
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let secondOfDay = Int(seconds - Int64(days) * 86400)
        // Civil date from days since 1970 (Howard Hinnant's algorithm).
        let shifted = days + 719468
        let era = (shifted >= 0 ? shifted : shifted - 146096) / 146097
        let dayOfEra = shifted - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
