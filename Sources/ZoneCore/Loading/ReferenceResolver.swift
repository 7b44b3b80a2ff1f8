import Foundation

/// Phase two of loading: checks that every name refers to something defined, and reads the channels,
/// whose directions name zones (`Z3 -> Z2` means the one zone whose id starts with `Z3`).
struct ReferenceResolver {
    let context: LoadContext

    func resolve(_ model: inout ZoneModel, channelNodes: [[YAMLNode]]) {
        checkDuplicates(model)
        let zoneIDs = Set(model.zones.map(\.id))
        let conduitIDs = Set(model.conduits.map(\.id))
        for zone in model.zones {
            for (index, conduitID) in (zone.allowedConduits ?? []).enumerated() where !conduitIDs.contains(conduitID) {
                context.error(
                    .unknownReference, "zone \(zone.id) allows conduit '\(conduitID)', which is not defined",
                    at: zone.fieldLocations["allowed_conduits[\(index)]"] ?? zone.location(of: "allowed_conduits"), subject: zone.id)
            }
        }
        let matcher = ZoneNameMatcher(zones: model.zones)
        let file = context.file
        let frozenModel = model
        // Channels are most of a large model; each conduit is read on its own with its own findings, merged in order.
        let resolved = Concurrently.map(model.conduits.count) { index in
            // A copy of the file name for each conduit: every location of its channels holds it, and one shared
            // reference count would be contended by all cores.
            let conduitContext = LoadContext(file: String(decoding: Array(file.utf8), as: UTF8.self))
            let conduit = Self.resolve(
                frozenModel.conduits[index], channelNodes: index < channelNodes.count ? channelNodes[index] : [],
                model: frozenModel, zoneIDs: zoneIDs, matcher: matcher, context: conduitContext)
            return (conduit, conduitContext.findings)
        }
        for (_, findings) in resolved { context.append(findings) }
        model.conduits = resolved.map(\.0)
        checkDevices(model, zoneIDs: zoneIDs)
    }

    private static func resolve(
        _ conduit: Conduit, channelNodes: [YAMLNode], model: ZoneModel, zoneIDs: Set<String>, matcher: ZoneNameMatcher,
        context: LoadContext
    ) -> Conduit {
        var conduit = conduit
        var seen: [String] = []
        for (index, zoneID) in conduit.zones.enumerated() {
            let itemLocation = conduit.fieldLocations["connects[\(index)]"] ?? conduit.location(of: "connects")
            if !zoneIDs.contains(zoneID) {
                context.error(
                    .unknownReference, "conduit \(conduit.id) connects zone '\(zoneID)', which is not defined\(suggestion(zoneID, matcher))",
                    at: itemLocation, subject: conduit.id)
            } else if seen.contains(zoneID) {
                context.error(
                    .conduitEndpoints, "conduit \(conduit.id) lists zone \(zoneID) twice", at: itemLocation, subject: conduit.id)
            }
            seen.append(zoneID)
        }
        if Set(conduit.zones).count < 2 {
            context.error(
                .conduitEndpoints,
                "conduit \(conduit.id) connects \(conduit.zones.isEmpty ? "no zone" : "only \(conduit.zones[0])"); a conduit joins at least two zones",
                at: conduit.fieldLocations["connects"] ?? conduit.location, subject: conduit.id)
        }
        let parser = ChannelParser(context: context, model: model, conduit: conduit, matcher: matcher)
        conduit.channels = channelNodes.compactMap(parser.channel)
        return conduit
    }

    private func checkDuplicates(_ model: ZoneModel) {
        var zoneSeen: [String: SourceLocation] = [:]
        for zone in model.zones {
            if let first = zoneSeen[zone.id] {
                context.error(.duplicateID, "zone id \(zone.id) is already used at \(first)", at: zone.location, subject: zone.id)
            } else {
                zoneSeen[zone.id] = zone.location
            }
            var assetSeen: [String: SourceLocation] = [:]
            for asset in zone.assets {
                if let first = assetSeen[asset.name.lowercased()] {
                    context.error(.duplicateID, "asset \(asset.name) is listed twice in zone \(zone.id) (first at \(first))", at: asset.location, subject: zone.id)
                } else {
                    assetSeen[asset.name.lowercased()] = asset.location
                }
            }
        }
        var conduitSeen: [String: SourceLocation] = [:]
        for conduit in model.conduits {
            if let first = conduitSeen[conduit.id] {
                context.error(.duplicateID, "conduit id \(conduit.id) is already used at \(first)", at: conduit.location, subject: conduit.id)
            } else if zoneSeen[conduit.id] != nil {
                context.error(.duplicateID, "conduit id \(conduit.id) is also a zone id", at: conduit.location, subject: conduit.id)
            } else {
                conduitSeen[conduit.id] = conduit.location
            }
        }
    }

    private func checkDevices(_ model: ZoneModel, zoneIDs: Set<String>) {
        for firewall in model.firewalls {
            for interface in firewall.interfaces where !zoneIDs.contains(interface.zone) {
                context.error(
                    .unknownReference, "firewall \(firewall.name) interface \(interface.name) faces zone '\(interface.zone)', which is not defined",
                    at: interface.location, subject: firewall.name)
            }
        }
        for device in model.switches {
            for group in device.portGroups where !zoneIDs.contains(group.zone) {
                context.error(
                    .unknownReference, "switch \(device.name) ports \(group.ports) belong to zone '\(group.zone)', which is not defined",
                    at: group.location, subject: device.name)
            }
        }
    }

    private static func suggestion(_ name: String, _ matcher: ZoneNameMatcher) -> String {
        let matches = matcher.candidates(for: name)
        return matches.count == 1 ? " (did you mean \(matches[0])?)" : ""
    }
}

/// Resolves the short zone names used in directions: an exact id, else the one id that starts with the name
/// followed by a non-alphanumeric character (`Z3` → `Z3-OPS`, never `Z30-LAB`), else a zone's name.
public struct ZoneNameMatcher: Sendable {
    public enum Resolution: Equatable, Sendable {
        case zone(String)
        case none
        case ambiguous([String])
    }

    private var exact: [String: String] = [:]
    /// Each id as written, with what ``exact`` gives for it: most references name a zone by its id, and need
    /// no lowercasing.
    private var verbatim: [String: String] = [:]
    private var prefixes: [String: Set<String>] = [:]
    private var names: [String: String] = [:]

    /// Indexes every id prefix that ends at a word boundary, so that each lookup is one dictionary access.
    public init(zones: [Zone]) {
        for zone in zones {
            let lowered = zone.id.lowercased()
            if exact[lowered] == nil { exact[lowered] = zone.id }
            if names[zone.name.lowercased()] == nil { names[zone.name.lowercased()] = zone.id }
            var index = lowered.startIndex
            while index < lowered.endIndex {
                let character = lowered[index]
                if index > lowered.startIndex && !(character.isLetter || character.isNumber) {
                    prefixes[String(lowered[..<index]), default: []].insert(zone.id)
                }
                index = lowered.index(after: index)
            }
        }
        for zone in zones { verbatim[zone.id] = exact[zone.id.lowercased()] }
    }

    public func resolve(_ name: String) -> Resolution {
        if let id = verbatim[name] { return .zone(id) }
        let lowered = name.lowercased()
        if let id = exact[lowered] { return .zone(id) }
        let candidates = (prefixes[lowered] ?? []).sorted()
        switch candidates.count {
        case 0: return names[lowered].map(Resolution.zone) ?? .none
        case 1: return .zone(candidates[0])
        default: return .ambiguous(candidates)
        }
    }

    public static func resolve(_ name: String, in zones: [Zone]) -> Resolution { ZoneNameMatcher(zones: zones).resolve(name) }

    /// Ids that `prefix` could abbreviate, for "did you mean" hints.
    func candidates(for prefix: String) -> [String] { (prefixes[prefix.lowercased()] ?? []).sorted() }
}
