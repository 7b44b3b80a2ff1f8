import Foundation

/// How serious a finding is. Ordered so that `--fail-on` can compare.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a model: by the loader (invalid input) or by a lint rule.
public struct Finding: Hashable, Sendable, Codable {
    /// The stable rule id, such as `ZC030`.
    public var ruleID: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// The zone, conduit or asset the finding is about, for reports and diagrams.
    public var subject: String?

    public init(ruleID: String, severity: Severity, message: String, location: SourceLocation?, subject: String? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.subject = subject
    }

    /// Orders findings by file position, then rule, so every output format is deterministic.
    public static func sortedForOutput(_ findings: [Finding]) -> [Finding] {
        findings.sorted { lhs, rhs in
            let left = (lhs.location?.file ?? "", lhs.location?.line ?? 0, lhs.location?.column ?? 0)
            let right = (rhs.location?.file ?? "", rhs.location?.line ?? 0, rhs.location?.column ?? 0)
            if left != right { return left < right }
            if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
            return lhs.message < rhs.message
        }
    }
}
