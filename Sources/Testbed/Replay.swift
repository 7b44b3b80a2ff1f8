import Foundation
import ZoneCore

/// A baseline flow as replayed on a testbed: the plant's addresses, the zones, and what the probe saw.
public struct ReplayedFlow: Codable, Sendable, Equatable {
    public var source: String
    public var destination: String
    public var transport: Transport
    public var port: UInt16
    public var fromZone: String?
    public var toZone: String?
    /// How often the baseline saw the flow.
    public var count: Int
    public var outcome: String
}

/// What replaying a traffic baseline on a testbed found: the flows the design would break before any cutover.
public struct ReplayResult: Codable, Sendable {
    /// Flows between two zones that were replayed.
    public var replayed: Int
    /// Flows inside one zone: they never cross the firewall.
    public var intraZone: Int
    public var broken: [ReplayedFlow]
    /// Flows with an address in no zone of the model (or a transport other than TCP/UDP): not replayable.
    public var unmapped: [ReplayedFlow]
}

/// Replays observed flows on a running testbed: each one connects from its client's zone to its server's port.
public enum Replay {
    public static func replay(_ flows: [ObservedFlow], testbed name: String) throws(TestbedError) -> ReplayResult {
        let state = try TestbedState.read(name)
        guard state.complete else {
            throw TestbedError(.notFound, "testbed \(name) was not completely built; run 'zonectl testbed down \(name)' and 'up' again")
        }
        let (_, map, _, mapped) = try Testbed.mappedModel(path: state.model)
        let plan = try TestbedPlan(model: mapped, name: name)
        let policy = AccessPolicy(model: mapped)
        var result = ReplayResult(replayed: 0, intraZone: 0, broken: [], unmapped: [])
        var probes: [(flow: ReplayedFlow, probe: Probe, namespace: String)] = []
        for flow in flows {
            var replayed = ReplayedFlow(
                source: flow.source.description, destination: flow.destination.description, transport: flow.transport, port: flow.port,
                fromZone: nil, toZone: nil, count: flow.count, outcome: "not in the model")
            guard let source = map.map(flow.source), let destination = map.map(flow.destination),
                let fromZone = policy.zone(of: source), let toZone = policy.zone(of: destination),
                let from = plan.zone(fromZone), let to = plan.zone(toZone)
            else {
                result.unmapped.append(replayed)
                continue
            }
            replayed.fromZone = fromZone
            replayed.toZone = toZone
            if fromZone == toZone {
                result.intraZone += 1
                continue
            }
            // A host the model does not list is stood in for by its zone's probe address, which every zone rule covers.
            let probeSource = from.assetAddresses.contains(source) ? source : from.probeAddresses.first { $0.family == source.family }
            let target = to.addresses.contains(destination) ? destination : to.probeAddresses.first { $0.family == destination.family }
            guard let probeSource, let target else {
                result.unmapped.append(replayed)
                continue
            }
            probes.append((replayed, Probe(flow.transport == .tcp ? .tcp : .udp, source: probeSource, destination: target, port: flow.port), from.namespace))
        }
        var outcomes: [Probe: ProbeOutcome] = [:]
        for (namespace, members) in Dictionary(grouping: probes, by: \.namespace) {
            outcomes.merge(try ProbeRunner.run(members.map(\.probe), namespace: namespace), uniquingKeysWith: { $1 })
        }
        result.replayed = probes.count
        for (flow, probe, _) in probes where outcomes[probe] != .reached {
            var broken = flow
            broken.outcome = (outcomes[probe] ?? .blocked).rawValue
            result.broken.append(broken)
        }
        result.broken.sort { ($0.fromZone ?? "", $0.toZone ?? "", $0.port, $0.source) < ($1.fromZone ?? "", $1.toZone ?? "", $1.port, $1.source) }
        return result
    }

    /// The report for a person.
    public static func text(_ result: ReplayResult) -> String {
        var lines = ["Replayed \(result.replayed) flows between zones (\(result.intraZone) inside one zone, \(result.unmapped.count) outside the model)."]
        if result.broken.isEmpty {
            lines.append("The design breaks none of them.")
        } else {
            lines.append("The design would break \(result.broken.count):")
            for flow in result.broken {
                lines.append("  \(flow.fromZone ?? "?") -> \(flow.toZone ?? "?") \(flow.transport)/\(flow.port): \(flow.source) -> \(flow.destination) (\(flow.count)x, \(flow.outcome))")
            }
        }
        for flow in result.unmapped.prefix(20) {
            lines.append("  not replayable: \(flow.source) -> \(flow.destination) \(flow.transport)/\(flow.port) (an address in no zone)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
