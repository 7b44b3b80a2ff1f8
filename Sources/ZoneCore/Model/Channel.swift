import Foundation

/// A source or destination named by a channel: an asset of a zone, or an address prefix.
public enum EndpointReference: Hashable, Sendable, CustomStringConvertible {
    case asset(String)
    case network(IPNetwork)

    public var description: String {
        switch self {
        case .asset(let name): name
        case .network(let network): network.isHost ? network.address.description : network.description
        }
    }
}

/// One allowed communication of a conduit: a service from an initiating zone to a responding zone.
public struct Channel: Hashable, Sendable {
    /// The protocol as written (`Modbus/TCP`).
    public var protocolName: String
    /// The well-known service the protocol or port resolved to, if any.
    public var service: WellKnownService?
    /// Transport ports on the responder; each port keeps its own transport.
    public var ports: [ServicePort]
    /// Zone that opens connections (or sends datagrams).
    public var from: String
    /// Zone that answers on `ports`.
    public var to: String
    /// Either side may initiate (`<->`).
    public var bidirectional: Bool
    public var readOnly: Bool
    /// Modbus function codes allowed; `nil` when the channel does not restrict them.
    public var functionCodes: [Int]?
    /// Carried one way by a data diode.
    public var unidirectional: Bool
    public var securityMode: String?
    public var sources: [EndpointReference]
    public var destinations: [EndpointReference]
    /// Multi-factor authentication declared for this channel (key `mfa`, or "MFA" in the direction text).
    public var mfa: Bool
    /// The channel ends on a jump host (key `jump_host`, or "jump" in the direction text).
    public var jumpHost: Bool
    /// The direction as written, and free-text qualifiers that zonectl keeps for the report.
    public var directionText: String?
    public var notes: [String]
    public var location: SourceLocation
    public var fieldLocations: FieldLocations

    public init(protocolName: String, from: String, to: String, location: SourceLocation) {
        self.protocolName = protocolName
        service = nil
        ports = []
        self.from = from
        self.to = to
        bidirectional = false
        readOnly = false
        functionCodes = nil
        unidirectional = false
        securityMode = nil
        sources = []
        destinations = []
        mfa = false
        jumpHost = false
        directionText = nil
        notes = []
        self.location = location
        fieldLocations = FieldLocations()
    }

    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

    /// The Modbus function codes the channel lets through: its list, or the read codes 1–4 when read only.
    public var effectiveFunctionCodes: [Int]? {
        if let functionCodes { return functionCodes }
        return readOnly && service?.hasFunctionCodes == true ? [1, 2, 3, 4] : nil
    }

    /// Whether the channel can change process state: a write-capable protocol not limited to reads.
    public var canWrite: Bool {
        guard let service, service.canWrite else { return false }
        if readOnly { return false }
        if let codes = functionCodes, service.hasFunctionCodes {
            return codes.contains { !ModbusFunctionCodes.readCodes.contains($0) }
        }
        return true
    }

    /// Whether traffic is encrypted: by the protocol, or by a security mode naming encryption or TLS.
    public var isEncrypted: Bool {
        if service?.isEncrypted == true { return true }
        let mode = securityMode?.lowercased() ?? ""
        return mode.contains("encrypt") || mode.contains("tls") || mode.contains("ipsec")
    }

    /// A short label such as `Modbus/TCP tcp/502 Z3-OPS -> Z2-BPCS (read only, FC 3/4)`.
    public var summary: String {
        var qualifiers: [String] = []
        if readOnly { qualifiers.append("read only") }
        if let functionCodes { qualifiers.append("FC " + functionCodes.map(String.init).joined(separator: "/")) }
        if unidirectional { qualifiers.append("unidirectional via data diode") }
        if jumpHost { qualifiers.append("jump host") }
        if mfa { qualifiers.append("MFA") }
        qualifiers += notes
        let arrow = bidirectional ? "<->" : "->"
        let portText = ports.map(\.description).joined(separator: ",")
        let tail = qualifiers.isEmpty ? "" : " (" + qualifiers.joined(separator: ", ") + ")"
        return "\(protocolName) \(portText) \(from) \(arrow) \(to)\(tail)"
    }
}

/// Modbus function-code classes used by channels, lint rules and the guard.
public enum ModbusFunctionCodes {
    public static let readCodes: Set<Int> = [1, 2, 3, 4, 7, 11, 12, 17, 20, 24]
    public static let writeCodes: Set<Int> = [5, 6, 15, 16, 21, 22, 23]
}
