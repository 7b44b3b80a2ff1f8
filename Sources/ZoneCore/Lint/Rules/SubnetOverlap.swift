import Foundation

/// ZC015: zones do not share address space.
enum SubnetOverlap: LintRule {
    static let description = RuleDescription(
        id: "ZC015", name: "subnet-overlap", severity: .error,
        references: ["IEC 62443-3-3 SR 5.1", "IEC 62443-3-2 ZCR 6.4 c"],
        summary: "Subnets of two zones overlap.",
        rationale: "A zone's logical boundary is its address space; overlapping subnets make the boundary unenforceable by a router or firewall.",
        triggering: ["zones:\n  - {zone_id: Z2, purdue_level: 2, security_level_target: SL 2, network: {subnets: [10.20.0.0/16]}}\n  - {zone_id: Z3, purdue_level: 3, security_level_target: SL 2, network: {subnets: [10.20.5.0/24]}}\n"],
        nonTriggering: ["zones:\n  - {zone_id: Z2, purdue_level: 2, security_level_target: SL 2, network: {subnets: [10.20.0.0/16]}}\n  - {zone_id: Z3, purdue_level: 3, security_level_target: SL 2, network: {subnets: [10.30.0.0/16]}}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        var entries: [(network: IPNetwork, zone: Zone)] = []
        for zone in model.zones { for subnet in zone.network.subnets { entries.append((subnet, zone)) } }
        // Sorted by address, an overlapping prefix always follows the prefix that contains it.
        entries.sort { $0.network < $1.network }
        var open: [(network: IPNetwork, zone: Zone)] = []
        for entry in entries {
            open.removeAll { !$0.network.contains(entry.network.address) }
            for earlier in open where earlier.zone.id != entry.zone.id && earlier.network.overlaps(entry.network) {
                sink.report(
                    "subnet \(entry.network) of zone \(entry.zone.id) overlaps \(earlier.network) of zone \(earlier.zone.id)",
                    at: entry.zone.network.location ?? entry.zone.location, subject: entry.zone.id)
            }
            open.append(entry)
        }
    }
}
