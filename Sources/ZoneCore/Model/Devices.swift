import Foundation

/// Firewall platforms the compilers know.
public enum FirewallPlatform: String, Sendable, Codable, CaseIterable {
    case asa
    case isa3000 = "isa-3000"
    case nftables
    case fortigate
}

/// Switch platforms the compilers know.
public enum SwitchPlatform: String, Sendable, Codable, CaseIterable {
    case ios
}

/// A firewall interface facing one zone.
public struct FirewallInterface: Hashable, Sendable {
    public var name: String
    /// The ASA `nameif`; defaults to `zone-<zone id lower-cased>`.
    public var nameif: String?
    public var zone: String
    public var address: InterfaceAddress?
    public var address6: InterfaceAddress?
    public var securityLevel: Int?
    public var vlan: Int?
    public var location: SourceLocation

    public init(name: String, zone: String, location: SourceLocation) {
        self.name = name
        self.zone = zone
        self.location = location
    }
}

public struct Firewall: Hashable, Sendable {
    public var name: String
    public var platform: FirewallPlatform
    public var interfaces: [FirewallInterface]
    public var loggingHost: IPAddress?
    public var loggingTrap: String?
    public var location: SourceLocation

    public init(name: String, platform: FirewallPlatform, location: SourceLocation) {
        self.name = name
        self.platform = platform
        interfaces = []
        self.location = location
    }
}

/// Access ports of a switch that belong to one zone (`GigabitEthernet1/0/1-12`).
public struct SwitchPortGroup: Hashable, Sendable {
    public var ports: String
    public var zone: String
    public var description: String?
    /// Port-security violation mode: `shutdown`, `restrict` or `protect`; defaults by zone criticality.
    public var violation: String?
    public var location: SourceLocation

    public init(ports: String, zone: String, location: SourceLocation) {
        self.ports = ports
        self.zone = zone
        self.location = location
    }
}

public struct Switch: Hashable, Sendable {
    public var name: String
    public var platform: SwitchPlatform
    public var portGroups: [SwitchPortGroup]
    public var trunkPorts: String?
    public var trunkDescription: String?
    public var nativeVLAN: Int?
    public var unusedVLAN: Int?
    public var unusedPorts: [String]
    public var location: SourceLocation

    public init(name: String, platform: SwitchPlatform, location: SourceLocation) {
        self.name = name
        self.platform = platform
        portGroups = []
        unusedPorts = []
        self.location = location
    }
}
