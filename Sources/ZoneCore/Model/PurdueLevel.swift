import Foundation

/// One level of the Purdue reference model: 0, 1, 2, 3, 3.5 (the industrial DMZ), 4 or 5.
public struct PurdueLevel: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The level in tenths (35 for 3.5), so that comparisons stay exact.
    public let tenths: Int

    public static let all: [PurdueLevel] = [0, 10, 20, 30, 35, 40, 50].map(PurdueLevel.init(tenths:))
    public static let dmz = PurdueLevel(tenths: 35)

    public init(tenths: Int) { self.tenths = tenths }

    public init?(_ text: some StringProtocol) {
        var trimmed = text.trimmingWhitespace().lowercased()
        for prefix in ["level", "l"] where trimmed.hasPrefix(prefix) {
            trimmed = String(trimmed.dropFirst(prefix.count)).trimmingWhitespace()
        }
        guard let value = Double(trimmed) else { return nil }
        let tenths = Int((value * 10).rounded())
        guard Double(tenths) == value * 10, PurdueLevel.all.contains(PurdueLevel(tenths: tenths)) else { return nil }
        self.init(tenths: tenths)
    }

    /// Position in the ordered list of levels; adjacent levels differ by one.
    public var rank: Int { PurdueLevel.all.firstIndex(of: self) ?? 0 }

    public var description: String { tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)" }

    public static func < (lhs: PurdueLevel, rhs: PurdueLevel) -> Bool { lhs.tenths < rhs.tenths }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Double(tenths) / 10)
    }
}

/// The levels a zone covers: one level, or a range such as `"1-2"`.
public struct PurdueRange: Hashable, Sendable, CustomStringConvertible, Codable {
    public let lower: PurdueLevel
    public let upper: PurdueLevel

    public init(lower: PurdueLevel, upper: PurdueLevel) {
        self.lower = min(lower, upper)
        self.upper = max(lower, upper)
    }

    public init(_ level: PurdueLevel) { self.init(lower: level, upper: level) }

    /// Parses `1`, `3.5`, `L3`, `"1-2"`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let level = PurdueLevel(parts[0]) else { return nil }
            self.init(level)
        case 2:
            guard let low = PurdueLevel(parts[0]), let high = PurdueLevel(parts[1]), low <= high else { return nil }
            self.init(lower: low, upper: high)
        default:
            return nil
        }
    }

    public func contains(_ level: PurdueLevel) -> Bool { lower <= level && level <= upper }

    /// Number of Purdue steps between the closest ends of two ranges; 0 when they overlap.
    public func distance(to other: PurdueRange) -> Int {
        if other.lower.rank > upper.rank { return other.lower.rank - upper.rank }
        if lower.rank > other.upper.rank { return lower.rank - other.upper.rank }
        return 0
    }

    public var isDMZ: Bool { lower == .dmz && upper == .dmz }
    /// Enterprise and external levels (4 and 5).
    public var isEnterprise: Bool { lower.tenths >= 40 }
    /// Process, basic control and supervisory levels (0 to 2): what SR 5.3 and write rules call control zones.
    public var isControl: Bool { upper.tenths <= 20 }
    /// Levels 0 to 3: the manufacturing side of the DMZ.
    public var isOperationalTechnology: Bool { upper.tenths <= 30 }

    public var description: String { lower == upper ? lower.description : "\(lower)-\(upper)" }
}
