import Foundation

/// Deterministic generated models of any size, for benchmarks and scale tests.
///
/// Zones cycle through Purdue levels 1, 2, 3, 3.5 and 4; each has a /24 in 10.0.0.0/8 (IPv4) and assets with addresses;
/// conduits join zones of adjacent levels with services that fit the pair. The same arguments give the same text.
public enum SyntheticModel {
    public static func yaml(zones zoneCount: Int, assetsPerZone: Int, conduits conduitCount: Int, seed: UInt64 = 62443) -> String {
        let levels = ["1", "2", "3", "3.5", "4"]
        var random = SplitMix(seed: seed)
        var text = "facility: \"Synthetic plant (\(zoneCount) zones)\"\nstandard: \"IEC 62443-3-2:2020\"\nzones:\n"
        var zonesByLevel: [[Int]] = Array(repeating: [], count: levels.count)
        for zone in 0..<zoneCount {
            let level = zone % levels.count
            zonesByLevel[level].append(zone)
            let sl = level == 4 ? 1 : 2
            text += "  - zone_id: \"Z\(zone)-L\(levels[level])\"\n    purdue_level: \(levels[level])\n    security_level_target: \"SL \(sl)\"\n"
            text += "    network: {vlan: \(zone % 4000 + 10), subnets: [\(subnet(zone))]}\n    assets:\n"
            for asset in 0..<assetsPerZone {
                text += "      - {name: A\(zone)-\(asset), role: \(role(level: level, asset: asset)), ip: \(address(zone, asset))}\n"
            }
        }
        text += "conduits:\n"
        var made = 0
        var attempt = 0
        while made < conduitCount && attempt < conduitCount * 10 {
            attempt += 1
            let lower = Int(random.next() % 4)
            guard let first = pick(zonesByLevel[lower], &random), let second = pick(zonesByLevel[lower + 1], &random) else { continue }
            let (protocolName, direction, extra) = channel(lower: lower, low: first, high: second, levels: levels)
            text += "  - conduit_id: \"C\(made)\"\n    connects: [\"Z\(first)-L\(levels[lower])\", \"Z\(second)-L\(levels[lower + 1])\"]\n"
            text += "    security_level: \"SL 2\"\n    controls: [\"Industrial firewall\", \"Connection rate limiting\", \"Antivirus\"]\n"
            text += "    protocols_allowed:\n      - {protocol: \"\(protocolName)\", direction: \"\(direction)\"\(extra)}\n"
            made += 1
        }
        return text
    }

    private static func channel(lower: Int, low: Int, high: Int, levels: [String]) -> (String, String, String) {
        let lowID = "Z\(low)-L\(levels[lower])"
        let highID = "Z\(high)-L\(levels[lower + 1])"
        switch lower {
        case 0: return ("Modbus/TCP", "\(highID) -> \(lowID) (read only, FC 3/4)", ", sources: [A\(high)-0]")
        case 1: return ("OPC UA", "\(lowID) -> \(highID) (read only)", ", destinations: [A\(high)-0]")
        case 2: return ("PI-to-PI", "\(lowID) -> \(highID) (unidirectional via data diode)", "")
        default: return ("HTTPS", "\(highID) -> \(lowID)", ", destinations: [A\(low)-1]")
        }
    }

    private static func role(level: Int, asset: Int) -> String {
        switch level {
        case 0: asset == 0 ? "engineering-workstation" : "plc"
        case 1: asset == 0 ? "engineering-workstation" : "hmi"
        case 2: "historian"
        case 3: asset == 0 ? "jump-host" : "patch-server"
        default: "enterprise-host"
        }
    }

    private static func subnet(_ zone: Int) -> String { "10.\(zone / 256 % 256).\(zone % 256).0/24" }
    private static func address(_ zone: Int, _ asset: Int) -> String { "10.\(zone / 256 % 256).\(zone % 256).\(asset % 250 + 2)" }

    private static func pick(_ values: [Int], _ random: inout SplitMix) -> Int? {
        values.isEmpty ? nil : values[Int(random.next() % UInt64(values.count))]
    }
}

/// SplitMix64: a tiny, well-distributed generator whose sequence depends only on the seed.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
