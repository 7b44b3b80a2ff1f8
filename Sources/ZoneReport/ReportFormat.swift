import Foundation
import ZoneCore

/// How the implementation report is written.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// The seed's "Output Format", field by field.
    case text
    case markdown
    case json
    /// One self-contained page: summary, the diagram as inline SVG, tables, findings with their IEC 62443 references.
    case html

    public func render(_ report: ImplementationReport) throws -> String {
        switch self {
        case .text: ReportText.render(report)
        case .markdown: ReportMarkdown.render(report)
        case .json: try JSONOutput.encode(report)
        case .html: ReportHTML.render(report)
        }
    }
}

extension ImplementationReport.ValidationSection {
    /// The three lines of the seed's VALIDATION RESULTS section.
    public var summaryLines: [(label: String, value: String)] {
        guard validated else {
            let hint = "not yet validated (run `zonectl verify --json FILE`, then `zonectl report --validation FILE`)"
            return [("Cross-zone tests", hint), ("Prohibited path tests", "not yet validated"), ("Protocol enforcement", "not yet validated")]
        }
        let prohibited = prohibitedPathExceptions.isEmpty
            ? "all \(prohibitedPaths) blocked"
            : "\(prohibitedPathExceptions.count) of \(prohibitedPaths) NOT blocked: " + prohibitedPathExceptions.joined(separator: "; ")
        let enforcement: String
        if protocolChecks == 0 {
            enforcement = "no protocol enforcement checks were run"
        } else if protocolFailures.isEmpty {
            enforcement = "function code filtering verified (\(protocolChecks) checks)"
        } else {
            enforcement = "FAILED: " + protocolFailures.joined(separator: "; ")
        }
        return [
            ("Cross-zone tests", "\(crossZonePassed) passed / \(crossZoneFailed) failed"),
            ("Prohibited path tests", prohibited),
            ("Protocol enforcement", enforcement),
        ]
    }
}
