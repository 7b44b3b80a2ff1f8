/// A device seen in traffic, with the role the baseline infers for it and why.
public struct AssetRecord: Sendable, Equatable {
    public var address: FlowAddress
    public var macs: [String]
    public var vendors: [String]
    public var vlans: [String]
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var role: InferredRole
    /// 0–1: how strongly the evidence supports the role.
    public var confidence: Double
    /// The Purdue level in tenths (10 = level 1, 35 = DMZ).
    public var purdueTenths: Int
    public var evidence: [String]
    public var details: [String]

    public var purdueText: String { purdueTenths % 10 == 0 ? "\(purdueTenths / 10)" : "\(purdueTenths / 10).\(purdueTenths % 10)" }
}

/// Roles the baseline can infer; raw values match zonectl's asset roles.
public enum InferredRole: String, Sendable, CaseIterable {
    case plc
    case rtu
    case ied
    case hmi
    case engineeringWorkstation = "engineering-workstation"
    case historian
    case opcServer = "opc-server"
    case scadaServer = "scada-server"
    case server
    case enterpriseHost = "enterprise-host"
    case other

    /// The Purdue level (tenths) where this role normally lives.
    public var purdueTenths: Int {
        switch self {
        case .plc, .rtu, .ied: 10
        case .hmi, .engineeringWorkstation: 20
        case .historian, .opcServer, .scadaServer, .server: 30
        case .enterpriseHost: 40
        case .other: 30
        }
    }
}

/// Builds the asset list from flows: each IP address with its MACs, VLANs, times and inferred role.
public enum AssetInventory {
    public static func assets(flows: [FlowRecord], macs: [FlowAddress: Set<UInt64>]) -> [AssetRecord] {
        var byAddress: [FlowAddress: (client: [FlowRecord], server: [FlowRecord])] = [:]
        for flow in flows where flow.key.client.isIP {
            byAddress[flow.key.client, default: ([], [])].client.append(flow)
            byAddress[flow.key.server, default: ([], [])].server.append(flow)
        }
        return byAddress.keys.sorted().map { address in
            let (asClient, asServer) = byAddress[address]!
            let all = asClient + asServer
            let macList = (macs[address] ?? []).sorted()
            let inference = RoleInference.infer(asClient: asClient, asServer: asServer)
            var vlans = VLANSet()
            for flow in all { vlans.formUnion(flow.vlans) }
            return AssetRecord(
                address: address, macs: macList.map(FlowAddress.macText),
                vendors: Array(Set(macList.compactMap(OUITable.vendor(of:)))).sorted(), vlans: vlans.texts,
                firstSeen: all.map(\.firstSeen).min() ?? 0, lastSeen: all.map(\.lastSeen).max() ?? 0,
                role: inference.role, confidence: inference.confidence, purdueTenths: inference.role.purdueTenths,
                evidence: inference.evidence, details: Array(Set(asServer.flatMap(\.details))).sorted())
        }
    }
}
