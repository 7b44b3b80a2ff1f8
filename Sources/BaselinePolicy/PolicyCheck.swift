import FlowBaseline
import ZoneCore

/// What a model would do to the observed traffic.
public struct PolicyCheckReport: Codable, Sendable {
    public struct FlowFinding: Codable, Sendable {
        public var client: String
        public var server: String
        public var transport: String
        public var port: Int
        public var service: String
        public var packets: UInt64
        public var operations: [String]
        public var reason: String
    }

    public struct UnusedChannel: Codable, Sendable {
        public var conduit: String
        public var channel: String
    }

    /// Observed flows the model's conduits would block.
    public var blocked: [FlowFinding] = []
    /// Channels that no observed flow used.
    public var unusedChannels: [UnusedChannel] = []
    /// Flows between enterprise (level 4–5) and OT (level 0–3) zones that do not end in the DMZ.
    public var dmzBypass: [FlowFinding] = []
    /// OT writes, control or programming from sources that are not engineering workstations.
    public var unauthorizedWrites: [FlowFinding] = []

    public var findingCount: Int { blocked.count + unusedChannels.count + dmzBypass.count + unauthorizedWrites.count }
}

/// Checks observed flows against a model: what it would block, what it allows but nobody uses,
/// DMZ bypasses, and writes from outside engineering workstations.
public enum PolicyCheck {
    public static func run(model: ZoneModel, flows: [FlowRecord], assets: [AssetRecord]) -> PolicyCheckReport {
        let policy = AccessPolicy(model: model)
        let roles = Dictionary(uniqueKeysWithValues: assets.map { ($0.address, $0.role) })
        var report = PolicyCheckReport()
        var used: Set<String> = []
        for flow in flows where flow.key.client.isIP {
            if let (source, destination, transport) = ObservedFlows.endpoints(flow) {
                let verdict = policy.evaluate(source: source, destination: destination, transport: transport, port: flow.key.port)
                switch verdict {
                case .intraZone:
                    break
                case .allowed(let rule):
                    used.insert("\(rule.conduitID)#\(rule.channelIndex)")
                    if let reason = functionCodeViolation(flow, allowed: rule.functionCodes) {
                        report.blocked.append(finding(flow, reason))
                    }
                case .outsideModel(let sourceZone, _):
                    let outside = sourceZone == nil ? source.description : destination.description
                    report.blocked.append(finding(flow, "\(outside) is in no zone of the model"))
                case .noConduit(let from, let to):
                    report.blocked.append(finding(flow, "no conduit from \(from) to \(to)"))
                case .notAllowed(let from, let to, let conduits):
                    report.blocked.append(finding(flow, "no channel of \(conduits.joined(separator: ", ")) allows \(transport)/\(flow.key.port) from \(from) to \(to)"))
                }
                if let fromZone = policy.zone(of: source).flatMap(model.zone), let toZone = policy.zone(of: destination).flatMap(model.zone),
                    bypassesDMZ(fromZone, toZone)
                {
                    report.dmzBypass.append(finding(flow, "\(fromZone.id) (level \(fromZone.purdue?.description ?? "?")) to \(toZone.id) (level \(toZone.purdue?.description ?? "?")) without the DMZ"))
                }
            }
            let risky = flow.operations.intersection([.write, .program, .control])
            if flow.service.isIndustrial, !risky.isEmpty, roles[flow.key.client] != .engineeringWorkstation {
                let role = roles[flow.key.client]?.rawValue ?? "unknown"
                report.unauthorizedWrites.append(finding(flow, "\(risky.names.joined(separator: "/")) from a \(role), not an engineering workstation"))
            }
        }
        for conduit in model.conduits {
            for (index, channel) in conduit.channels.enumerated() where !used.contains("\(conduit.id)#\(index)") {
                report.unusedChannels.append(.init(conduit: conduit.id, channel: channel.summary))
            }
        }
        return report
    }

    static func functionCodeViolation(_ flow: FlowRecord, allowed: [Int]?) -> String? {
        guard flow.service == .modbus, let allowed else { return nil }
        let extra = flow.requestCodes.members.map(Int.init).filter { !allowed.contains($0) }
        return extra.isEmpty ? nil : "Modbus function code\(extra.count == 1 ? "" : "s") \(extra.map(String.init).joined(separator: "/")) not in the channel's list"
    }

    static func bypassesDMZ(_ a: Zone, _ b: Zone) -> Bool {
        guard let first = a.purdue, let second = b.purdue, !first.isDMZ, !second.isDMZ else { return false }
        return (first.isEnterprise && second.isOperationalTechnology) || (second.isEnterprise && first.isOperationalTechnology)
    }

    static func finding(_ flow: FlowRecord, _ reason: String) -> PolicyCheckReport.FlowFinding {
        .init(client: flow.key.client.description, server: flow.key.server.description, transport: FlowTransport.name(flow.key.transport),
              port: Int(flow.key.port), service: flow.service.id, packets: flow.packets, operations: flow.operations.names, reason: reason)
    }
}
