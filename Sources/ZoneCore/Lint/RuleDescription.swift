import Foundation

/// What a rule checks, why, and on which IEC 62443 requirement it rests: the catalogue entry behind a rule id.
public struct RuleDescription: Sendable, Hashable {
    /// When a rule runs: while the model is read (its errors make the input invalid, exit code 2) or by lint.
    public enum Phase: String, Sendable, Hashable {
        case load
        case lint
    }

    /// Stable id (`ZC030`): used in output, SARIF `ruleId` and `zonectl rules ID`.
    public let id: String
    /// Stable kebab-case name (`enterprise-bypasses-dmz`).
    public let name: String
    public let severity: Severity
    public let phase: Phase
    /// The requirements the rule rests on, such as `IEC 62443-3-3 SR 5.1`.
    public let references: [String]
    public let summary: String
    public let rationale: String
    /// Model files (YAML) on which the rule reports at least one finding.
    public let triggering: [String]
    /// Model files on which the rule reports nothing.
    public let nonTriggering: [String]

    public init(
        id: String, name: String, severity: Severity, phase: Phase = .lint, references: [String], summary: String,
        rationale: String, triggering: [String], nonTriggering: [String]
    ) {
        self.id = id
        self.name = name
        self.severity = severity
        self.phase = phase
        self.references = references
        self.summary = summary
        self.rationale = rationale
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}
