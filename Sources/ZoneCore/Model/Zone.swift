import Foundation

/// The ZCR 6.4 characteristics that document a zone or conduit; all optional in the file.
public struct Documentation: Hashable, Sendable {
    public var accountableOrganization: String?
    public var logicalBoundary: String?
    public var physicalBoundary: String?
    public var accessPoints: [String]?
    public var policies: [String]?
    public var assumptions: [String]?
    public var riskRationale: String?

    public init() {}
}

/// The network facts of a zone that the compilers and the testbed need.
public struct ZoneNetwork: Hashable, Sendable {
    public var vlan: Int?
    public var subnets: [IPNetwork] = []
    public var gateways: [IPAddress] = []
    public var location: SourceLocation?

    public init() {}
}

/// A security zone: assets with common security requirements (IEC 62443-3-2 ZCR 3.1).
public struct Zone: Hashable, Sendable {
    public var id: String
    public var name: String
    public var purdue: PurdueRange?
    public var securityLevelTarget: SecurityLevel?
    public var criticality: String?
    /// Safety-related designation (ZCR 3.3): the `safety_designated` key, or a criticality naming safety.
    public var safetyDesignated: Bool
    /// Declared air-gapped (the `air_gapped` key, or a requirement saying so).
    public var airGapped: Bool
    /// Declared as a zone of devices reached over external networks (ZCR 3.6).
    public var external: Bool
    /// A zone that terminates connections rather than forwarding them (every 3.5 DMZ, or `terminates: true`).
    public var terminatesTraffic: Bool
    public var assets: [Asset]
    public var securityRequirements: [String]
    public var controls: [String]
    /// `nil` when the key is absent; `[]` declares that the zone has no conduits.
    public var allowedConduits: [String]?
    public var network: ZoneNetwork
    public var documentation: Documentation
    public var location: SourceLocation
    /// Where individual keys were written, for findings that point at one field.
    public var fieldLocations: FieldLocations

    public init(id: String, location: SourceLocation) {
        self.id = id
        self.name = id
        purdue = nil
        securityLevelTarget = nil
        criticality = nil
        safetyDesignated = false
        airGapped = false
        external = false
        terminatesTraffic = false
        assets = []
        securityRequirements = []
        controls = []
        allowedConduits = nil
        network = ZoneNetwork()
        documentation = Documentation()
        self.location = location
        fieldLocations = FieldLocations()
    }

    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

    /// Number of devices, counting asset groups by their size.
    public var assetCount: Int { assets.reduce(0) { $0 + $1.quantity } }

    public var isDMZ: Bool { purdue?.isDMZ ?? false }

    /// All free text describing the zone's protections, for rules that look for a declared control.
    public var declaredControlText: String { (securityRequirements + controls).joined(separator: "\n").lowercased() }
}
