import Foundation
import Yams

/// Phase two of loading: checks that every name refers to something defined, and reads the channels,
/// whose directions name zones (`Z3 -> Z2` means the one zone whose id starts with `Z3`).
struct ReferenceResolver {
    let context: LoadContext

    func resolve(_ model: inout ZoneModel, channelNodes: [[Node]]) {
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
        var conduits = model.conduits
        for index in conduits.indices {
            var conduit = conduits[index]
            var seen: [String] = []
            for (index, zoneID) in conduit.zones.enumerated() {
                let itemLocation = conduit.fieldLocations["connects[\(index)]"] ?? conduit.location(of: "connects")
                if !zoneIDs.contains(zoneID) {
                    context.error(
                        .unknownReference, "conduit \(conduit.id) connects zone '\(zoneID)', which is not defined\(suggestion(zoneID, zoneIDs))",
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
            let parser = ChannelParser(context: context, model: model, conduit: conduit)
            conduit.channels = (index < channelNodes.count ? channelNodes[index] : []).compactMap(parser.channel)
            conduits[index] = conduit
        }
        model.conduits = conduits
        checkDevices(model, zoneIDs: zoneIDs)
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

    private func suggestion(_ name: String, _ candidates: Set<String>) -> String {
        let matches = candidates.filter { ZoneNameMatcher.matches(prefix: name, id: $0) }.sorted()
        return matches.count == 1 ? " (did you mean \(matches[0])?)" : ""
    }
}

/// Resolves the short zone names used in directions: an exact id, else the one id that starts with the name
/// followed by a non-alphanumeric character (`Z3` → `Z3-OPS`, never `Z30-LAB`).
public enum ZoneNameMatcher {
    public static func matches(prefix: String, id: String) -> Bool {
        let lowerID = id.lowercased()
        let lowerPrefix = prefix.lowercased()
        guard lowerID.hasPrefix(lowerPrefix), lowerID.count > lowerPrefix.count else { return false }
        let next = lowerID[lowerID.index(lowerID.startIndex, offsetBy: lowerPrefix.count)]
        return !(next.isLetter || next.isNumber)
    }

    public enum Resolution: Equatable, Sendable {
        case zone(String)
        case none
        case ambiguous([String])
    }

    public static func resolve(_ name: String, in zones: [Zone]) -> Resolution {
        if let exact = zones.first(where: { $0.id.caseInsensitiveCompare(name) == .orderedSame }) { return .zone(exact.id) }
        let candidates = zones.filter { matches(prefix: name, id: $0.id) }.map(\.id)
        let unique = Array(Set(candidates)).sorted()
        switch unique.count {
        case 0:
            if let named = zones.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return .zone(named.id) }
            return .none
        case 1: return .zone(unique[0])
        default: return .ambiguous(unique)
        }
    }
}
