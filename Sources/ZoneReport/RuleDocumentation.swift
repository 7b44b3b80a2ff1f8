import Foundation
import ZoneCore

/// docs/rules.md, generated from the rule catalogue so that the two never drift apart.
public enum RuleDocumentation {
    public static func markdown() -> String {
        var lines = [
            "# Lint rules",
            "",
            "Generated from zonectl's rule catalogue (`zonectl rules` prints the same). Load rules (phase `load`) run while",
            "the model is read: an error from one of them means the input is invalid and zonectl exits with code 2.",
            "Lint rules report findings; `--fail-on` decides which severities give exit code 1, and `--strict` makes",
            "ZCR 6.4 documentation gaps errors.",
            "",
            "| Id | Name | Severity | Phase | Rests on |",
            "|---|---|---|---|---|",
        ]
        for rule in RuleCatalog.all {
            lines.append("| [\(rule.id)](#\(rule.id.lowercased())) | \(rule.name) | \(rule.severity.rawValue) | \(rule.phase.rawValue) | \(rule.references.joined(separator: "; ")) |")
        }
        for rule in RuleCatalog.all {
            lines += ["", "## \(rule.id)", "", "**\(rule.name)**: \(rule.summary)", "", "- Severity: \(rule.severity.rawValue)",
                      "- Rests on: \(rule.references.joined(separator: "; "))", "", rule.rationale, ""]
            for (title, examples) in [("Triggers", rule.triggering), ("Does not trigger", rule.nonTriggering)] {
                for example in examples {
                    lines += ["\(title):", "", "```yaml", example.trimmingCharacters(in: .newlines).replacingOccurrences(of: "\t", with: "→"), "```", ""]
                }
            }
            if lines.last == "" { lines.removeLast() }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
