import Foundation

/// A check over a loaded model.
///
/// Implementing a rule: give it a ``RuleDescription`` with a stable id, the IEC 62443 requirement it rests on,
/// and examples that do and do not trigger it (a test runs every example), then report through the sink.
/// Rules never print; renderers turn findings into text, JSON or SARIF.
public protocol LintRule {
    static var description: RuleDescription { get }
    static func check(_ model: ZoneModel, _ sink: inout FindingSink)
}

/// Collects one rule's findings, stamping them with the rule's id and severity.
public struct FindingSink {
    public let rule: RuleDescription
    public private(set) var findings: [Finding] = []

    public init(rule: RuleDescription) { self.rule = rule }

    public mutating func report(_ message: String, at location: SourceLocation?, subject: String? = nil, severity: Severity? = nil) {
        findings.append(Finding(ruleID: rule.id, severity: severity ?? rule.severity, message: message, location: location, subject: subject))
    }
}

/// Options that change what lint reports.
public struct LintOptions: Sendable {
    /// Makes ZCR 6.4 documentation gaps errors.
    public var strict: Bool
    /// Rule ids not to run.
    public var disabledRules: Set<String>

    public init(strict: Bool = false, disabledRules: Set<String> = []) {
        self.strict = strict
        self.disabledRules = disabledRules
    }
}

public enum Linter {
    /// Runs every lint rule on `model`; findings are sorted by location.
    public static func lint(_ model: ZoneModel, options: LintOptions = LintOptions()) -> [Finding] {
        var findings: [Finding] = []
        for rule in RuleCatalog.lintRules where !options.disabledRules.contains(rule.description.id) {
            var sink = FindingSink(rule: rule.description)
            rule.check(model, &sink)
            findings += sink.findings
        }
        if options.strict {
            findings = findings.map { finding in
                var escalated = finding
                if RuleCatalog.strictEscalated.contains(finding.ruleID) { escalated.severity = .error }
                return escalated
            }
        }
        return Finding.sortedForOutput(findings)
    }
}
