import Foundation

/// The seven foundational requirements of IEC 62443-3-3, in vector order.
public enum FoundationalRequirement: Int, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case identificationAndAuthentication = 0  // IAC
    case useControl  // UC
    case systemIntegrity  // SI
    case dataConfidentiality  // DC
    case restrictedDataFlow  // RDF
    case timelyResponse  // TRE
    case resourceAvailability  // RA

    public var abbreviation: String { ["IAC", "UC", "SI", "DC", "RDF", "TRE", "RA"][rawValue] }
    public var description: String { abbreviation }
}

/// A security level target: a single SL 1–4, or a 7-value vector (each 0–4) per foundational requirement.
public struct SecurityLevel: Hashable, Sendable, CustomStringConvertible {
    public let values: [Int]
    public let isVector: Bool

    public init(uniform level: Int) {
        values = Array(repeating: level, count: 7)
        isVector = false
    }

    public init?(vector: [Int]) {
        guard vector.count == 7, vector.allSatisfy({ (0...4).contains($0) }) else { return nil }
        values = vector
        isVector = true
    }

    public subscript(requirement: FoundationalRequirement) -> Int { values[requirement.rawValue] }

    /// The highest component: what a single-number comparison uses.
    public var overall: Int { values.max() ?? 0 }

    /// True when every component of `self` is at least the matching component of `other`.
    public func covers(_ other: SecurityLevel) -> Bool { zip(values, other.values).allSatisfy { $0 >= $1 } }

    public var description: String {
        isVector ? "{" + values.map(String.init).joined() + "}" : "SL \(values[0])"
    }
}

extension SecurityLevel: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let level = try? container.decode(Int.self) {
            self.init(uniform: level)
        } else {
            let vector = try container.decode([Int].self)
            guard let level = SecurityLevel(vector: vector) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "bad SL vector")
            }
            self = level
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if isVector { try container.encode(values) } else { try container.encode(values[0]) }
    }
}
