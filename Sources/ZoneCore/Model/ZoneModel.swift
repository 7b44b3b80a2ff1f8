import Foundation

/// A loaded zone/conduit model: what every other part of zonectl is compiled from.
public struct ZoneModel: Sendable {
    /// The path the model was read from, as given.
    public var file: String
    /// SHA-256 of the file's bytes, hex; generators print it in their headers.
    public var sha256: String
    public var facility: String?
    public var assessmentDate: String?
    public var implementationDate: String?
    public var standard: String?
    public var documentation: Documentation
    public var zones: [Zone] { didSet { rebuildZoneIndexes() } }
    public var conduits: [Conduit] { didSet { rebuildConduitIndex() } }
    public var firewalls: [Firewall]
    public var switches: [Switch]

    public private(set) var zoneIndex: [String: Int] = [:]
    public private(set) var conduitIndex: [String: Int] = [:]
    /// Lower-cased asset reference name → (zone index, asset index).
    public private(set) var assetIndex: [String: AssetReference] = [:]
    /// Each reference name as written → what ``assetIndex`` gives for it: channels mostly name assets as they
    /// were written, and such a lookup needs no lowercasing.
    private var verbatimAssetIndex: [String: AssetReference] = [:]

    public struct AssetReference: Hashable, Sendable {
        public let zone: Int
        public let asset: Int
    }

    public init(file: String, sha256: String = "", zones: [Zone] = [], conduits: [Conduit] = []) {
        self.file = file
        self.sha256 = sha256
        documentation = Documentation()
        self.zones = zones
        self.conduits = conduits
        firewalls = []
        switches = []
        rebuildZoneIndexes()
        rebuildConduitIndex()
    }

    private mutating func rebuildZoneIndexes() {
        zoneIndex = [:]
        assetIndex = [:]
        verbatimAssetIndex = [:]
        for (zoneNumber, zone) in zones.enumerated() {
            if zoneIndex[zone.id] == nil { zoneIndex[zone.id] = zoneNumber }
            for (assetNumber, asset) in zone.assets.enumerated() {
                for name in asset.referenceNames {
                    // The first asset to claim a name in any case keeps it.
                    let lowered = name.lowercased()
                    let reference = assetIndex[lowered] ?? AssetReference(zone: zoneNumber, asset: assetNumber)
                    assetIndex[lowered] = reference
                    if verbatimAssetIndex[name] == nil { verbatimAssetIndex[name] = reference }
                }
            }
        }
    }

    private mutating func rebuildConduitIndex() {
        conduitIndex = [:]
        for (number, conduit) in conduits.enumerated() where conduitIndex[conduit.id] == nil {
            conduitIndex[conduit.id] = number
        }
    }

    public func zone(_ id: String) -> Zone? { zoneIndex[id].map { zones[$0] } }
    public func conduit(_ id: String) -> Conduit? { conduitIndex[id].map { conduits[$0] } }

    /// Where an asset is, by its name or description in any case; cheaper than copying the asset out.
    public func assetReference(named name: String) -> AssetReference? { verbatimAssetIndex[name] ?? assetIndex[name.lowercased()] }

    public func asset(named name: String) -> (zone: Zone, asset: Asset)? {
        guard let reference = assetReference(named: name) else { return nil }
        let zone = zones[reference.zone]
        return (zone, zone.assets[reference.asset])
    }

    /// Conduits that connect a zone, in file order.
    public func conduits(of zoneID: String) -> [Conduit] { conduits.filter { $0.zones.contains(zoneID) } }
}
