import Foundation

/// The function of an asset, which decides its expected Purdue level and how lint rules treat it.
public enum AssetRole: String, Sendable, Codable, CaseIterable {
    case safetyController = "safety-controller"
    case plc
    case rtu
    case ied
    case hmi
    case engineeringWorkstation = "engineering-workstation"
    case historian
    case opcServer = "opc-server"
    case mes
    case scadaServer = "scada-server"
    case alarmServer = "alarm-server"
    case patchServer = "patch-server"
    case jumpHost = "jump-host"
    case dataDiode = "data-diode"
    case firewall
    case domainController = "domain-controller"
    case server
    case enterpriseHost = "enterprise-host"
    case laptop
    case other

    /// Levels where this role normally lives; `nil` when any level is plausible.
    public var expectedLevels: PurdueRange? {
        switch self {
        case .safetyController, .plc, .rtu, .ied: PurdueRange(lower: PurdueLevel(tenths: 0), upper: PurdueLevel(tenths: 10))
        case .hmi, .engineeringWorkstation: PurdueRange(lower: PurdueLevel(tenths: 10), upper: PurdueLevel(tenths: 20))
        case .historian, .opcServer, .scadaServer, .alarmServer:
            PurdueRange(lower: PurdueLevel(tenths: 20), upper: PurdueLevel(tenths: 35))
        case .mes: PurdueRange(lower: PurdueLevel(tenths: 30), upper: PurdueLevel(tenths: 30))
        case .patchServer, .jumpHost, .dataDiode: PurdueRange(lower: PurdueLevel(tenths: 30), upper: PurdueLevel(tenths: 35))
        case .enterpriseHost: PurdueRange(lower: PurdueLevel(tenths: 40), upper: PurdueLevel(tenths: 50))
        case .firewall, .domainController, .server, .laptop, .other: nil
        }
    }

    /// Assets of the industrial control system (ZCR 3.2 calls the rest business assets).
    public var isControlSystem: Bool {
        switch self {
        case .safetyController, .plc, .rtu, .ied, .hmi, .engineeringWorkstation, .historian, .opcServer, .mes,
            .scadaServer, .alarmServer:
            true
        case .patchServer, .jumpHost, .dataDiode, .firewall, .domainController, .server, .enterpriseHost, .laptop, .other:
            false
        }
    }

    /// Keywords that name a role in the free-text asset names of a zone document; first match wins.
    static let keywords: [(AssetRole, [String])] = [
        (.safetyController, ["safety controller", "safety instrumented", "triconex", "sis-", "(sis", "esd controller"]),
        (.dataDiode, ["data diode", "diode"]),
        (.jumpHost, ["jump server", "jump host", "jumphost", "bastion"]),
        (.patchServer, ["patch", "wsus", "update server", "antivirus server"]),
        (.engineeringWorkstation, ["engineering workstation", "ews"]),
        (.hmi, ["hmi", "factorytalk view", "operator station", "operator workstation"]),
        (.historian, ["historian", "pi-to-pi", "pi server", "hist-"]),
        (.opcServer, ["opc"]),
        (.mes, ["mes ", "mes-", "(mes", "manufacturing execution"]),
        (.alarmServer, ["alarm"]),
        (.scadaServer, ["scada"]),
        (.rtu, ["rtu"]),
        (.ied, ["ied", "protection relay"]),
        (.plc, ["plc", "controllogix", "compactlogix", "simatic", "controller"]),
        (.domainController, ["domain controller", "active directory"]),
        (.laptop, ["laptop", "notebook", "handheld", "tablet"]),
        (.enterpriseHost, ["corporate", "enterprise", "erp", "email", "office", "business"]),
        (.firewall, ["firewall"]),
    ]

    /// The keywords as bytes, searched without Foundation: models name thousands of assets.
    private static let keywordBytes: [(AssetRole, [[UInt8]])] = keywords.map { role, words in (role, words.map { Array($0.utf8) }) }

    /// The role that a free-text asset name suggests.
    public static func infer(fromName name: String) -> AssetRole {
        let lowered = Array((name.lowercased() + " ").utf8)
        for (role, words) in keywordBytes where words.contains(where: { contains(lowered, $0) }) {
            return role
        }
        return .other
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// One asset, or a group of identical assets (`PLC-01 through PLC-12`), in a zone.
public struct Asset: Hashable, Sendable {
    /// Short name used to refer to the asset: its tag (`HIST-01`) or, without one, the whole name.
    public var name: String
    /// The full text from the zone document.
    public var description: String
    public var role: AssetRole
    /// True when the role was read from the `role` key, false when inferred from the name.
    public var roleIsExplicit: Bool
    public var quantity: Int
    public var addresses: [IPAddress]
    public var mac: String?
    public var switchPort: String?
    public var temporary: Bool
    public var wireless: Bool
    public var remote: Bool
    public var safety: Bool
    public var location: SourceLocation

    public init(
        name: String, description: String, role: AssetRole, roleIsExplicit: Bool = false, quantity: Int = 1,
        addresses: [IPAddress] = [], mac: String? = nil, switchPort: String? = nil, temporary: Bool = false,
        wireless: Bool = false, remote: Bool = false, safety: Bool = false, location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.role = role
        self.roleIsExplicit = roleIsExplicit
        self.quantity = quantity
        self.addresses = addresses
        self.mac = mac
        self.switchPort = switchPort
        self.temporary = temporary
        self.wireless = wireless
        self.remote = remote
        self.safety = safety
        self.location = location
    }

    /// Names a reference may use for this asset: the tag, the full text, and each member of a tag range.
    public var referenceNames: [String] { description == name ? [name] : [name, description] }

    public var isSafety: Bool { safety || role == .safetyController }
}
