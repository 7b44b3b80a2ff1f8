import Foundation
import ZoneCore

/// The Markdown report: the same sections as the text report, with tables.
enum ReportMarkdown {
    static func render(_ report: ImplementationReport) -> String {
        var lines: [String] = [
            "# IEC 62443 Zone Implementation Report",
            "",
            "| Facility | Implementation date | Standard | Model |",
            "|---|---|---|---|",
            "| \(cell(report.facility)) | \(report.implementationDate) | \(report.standard) | `\(report.model)` (SHA-256 `\(report.modelSHA256.prefix(12))`) |",
            "",
            "## Zone architecture",
            "",
            "| Zone | Name | Level | SL-T | Assets | Conduits | Controls |",
            "|---|---|---|---|---|---|---|",
        ]
        for zone in report.zones {
            let conduits = zone.conduits.isEmpty ? (zone.airGapped ? "none (air-gapped)" : "none") : zone.conduits.joined(separator: ", ")
            lines.append(
                "| \(zone.id) | \(cell(zone.name)) | \(zone.purdueLevel ?? "") | \(zone.securityLevelTarget) | \(zone.assets) | \(conduits) | \(cell(zone.controls.joined(separator: "; "))) |")
        }
        lines += ["", "## Conduit configuration", "", "| Conduit | Zones | Protocols | Firewall rules (allow / deny) | DPI | Data diode |", "|---|---|---|---|---|---|"]
        for conduit in report.conduits {
            lines.append(
                "| \(conduit.id) | \(conduit.zones.joined(separator: " ↔ ")) | \(cell(conduit.protocols.joined(separator: "<br>"))) | \(conduit.allowRules) / \(conduit.denyRules) | \(conduit.deepPacketInspection ? "Yes" : "No") | \(conduit.dataDiode ? "Yes" : "No") |")
        }
        lines += ["", "## Validation results", ""]
        for (label, value) in report.validation.summaryLines { lines.append("- **\(label):** \(cell(value))") }
        for diode in report.validation.diode { lines.append("- **Data diode:** \(cell(diode))") }
        if let baseline = report.baseline {
            lines += ["", "## Traffic baseline", "", "\(baseline.flowsObserved) flows observed in `\(baseline.source)`\(baseline.period.map { " (\($0))" } ?? ""): \(baseline.flowsAllowed) allowed by the conduits."]
            if !baseline.unusedChannels.isEmpty {
                lines += ["", "Channels no observed flow used:", ""] + baseline.unusedChannels.map { "- \(cell($0))" }
            }
        }
        if let blocked = report.wouldBeBlocked {
            lines += ["", "## Would be blocked when enforced", ""]
            lines += ["| From | To | Service | Source | Destination | Count | Reason |", "|---|---|---|---|---|---|---|"]
            for flow in blocked.blocked {
                lines.append("| \(flow.sourceZone ?? "?") | \(flow.destinationZone ?? "?") | \(flow.service) \(flow.transport)/\(flow.port) | \(flow.source) | \(flow.destination) | \(flow.count) | \(cell(flow.reason)) |")
            }
            for suggestion in blocked.suggestions {
                let verdict = suggestion.kind == .violation ? "**violation**: " + suggestion.violations.joined(separator: "; ") : "suggested \(suggestion.kind.rawValue)"
                lines += ["", "- \(suggestion.service) \(suggestion.fromZone) → \(suggestion.toZone): \(cell(verdict))"]
                if suggestion.kind != .violation { lines += ["", "```yaml", suggestion.yaml.trimmingCharacters(in: .newlines), "```"] }
            }
        }
        lines += ["", "## Lint findings", "", ReportText.findingCounts(report.findings), ""]
        let shown = report.findings.filter { $0.severity >= .warning }
        if !shown.isEmpty {
            lines += ["| Severity | Rule | Where | Finding |", "|---|---|---|---|"]
            for finding in shown {
                let place = finding.location.map { "\($0.line):\($0.column)" } ?? ""
                lines.append("| \(finding.severity.rawValue) | \(finding.ruleID) | \(place) | \(cell(finding.message)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes the pipe so that free text cannot break a table row.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
