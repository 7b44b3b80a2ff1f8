import Foundation
import ZoneCore

/// How lint findings are written.
public enum FindingsFormat: String, CaseIterable, Sendable {
    /// Compiler-style lines: `file:line:col: error[ZC030]: message`.
    case text
    case json
    /// SARIF 2.1.0, for code-scanning tools.
    case sarif

    public func render(_ findings: [Finding], model: String) throws -> String {
        let sorted = Finding.sortedForOutput(findings)
        switch self {
        case .text: return FindingsText.render(sorted)
        case .json: return try FindingsJSON.render(sorted, model: model)
        case .sarif: return try SARIFLog.render(sorted)
        }
    }
}

enum FindingsText {
    static func line(_ finding: Finding) -> String {
        let place = finding.location.map { "\($0): " } ?? ""
        return "\(place)\(finding.severity.rawValue)[\(finding.ruleID)]: \(finding.message)"
    }

    static func render(_ findings: [Finding]) -> String {
        var text = findings.map(line).joined(separator: "\n")
        let counts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        if !text.isEmpty { text += "\n" }
        text += "\(counts[.error] ?? 0) errors, \(counts[.warning] ?? 0) warnings, \(counts[.info] ?? 0) notes\n"
        return text
    }
}

enum FindingsJSON {
    struct Document: Encodable {
        let model: String
        let summary: [String: Int]
        let findings: [Entry]
    }

    struct Entry: Encodable {
        let ruleID: String
        let rule: String
        let severity: String
        let message: String
        let file: String?
        let line: Int?
        let column: Int?
        let subject: String?
        let references: [String]
    }

    static func render(_ findings: [Finding], model: String) throws -> String {
        var summary = ["error": 0, "warning": 0, "info": 0]
        for finding in findings { summary[finding.severity.rawValue, default: 0] += 1 }
        let entries = findings.map { finding in
            let rule = RuleCatalog.rule(finding.ruleID)
            return Entry(
                ruleID: finding.ruleID, rule: rule?.name ?? "", severity: finding.severity.rawValue, message: finding.message,
                file: finding.location?.file, line: finding.location?.line, column: finding.location?.column,
                subject: finding.subject, references: rule?.references ?? [])
        }
        return try JSONOutput.encode(Document(model: model, summary: summary, findings: entries))
    }
}

/// JSON with sorted keys and a trailing newline, so that output is stable and diffable.
public enum JSONOutput {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
