import Foundation
import ZoneCore

/// The text report, following the seed's "Output Format" section field by field.
enum ReportText {
    static func render(_ report: ImplementationReport) -> String {
        var lines: [String] = [
            "IEC 62443 Zone Implementation Report",
            "=====================================",
            "Facility: \(report.facility)",
            "Implementation Date: \(report.implementationDate)",
            "Standard: \(report.standard)",
            "",
            "ZONE ARCHITECTURE:",
        ]
        for zone in report.zones {
            lines.append("  Zone \(zone.id): \(zone.name) (SL-T: \(zone.securityLevelTarget))")
            lines.append("    Assets: \(zone.assets)")
            lines.append("    Conduits: \(zone.conduits.isEmpty ? (zone.airGapped ? "none (air-gapped)" : "none") : zone.conduits.joined(separator: ", "))")
            lines.append("    Controls: \(zone.controls.isEmpty ? "none declared" : zone.controls.joined(separator: "; "))")
        }
        lines += ["", "CONDUIT CONFIGURATION:"]
        for conduit in report.conduits {
            lines.append("  Conduit \(conduit.id): \(conduit.zones.joined(separator: " <-> "))")
            lines.append("    Protocols: \(conduit.protocols.isEmpty ? "none" : conduit.protocols.joined(separator: "; "))")
            lines.append("    Firewall Rules: \(conduit.allowRules) allow / \(conduit.denyRules) deny")
            lines.append("    DPI Enabled: \(conduit.deepPacketInspection ? "Yes" : "No")")
            if conduit.dataDiode { lines.append("    Data Diode: Yes") }
        }
        lines += ["", "VALIDATION RESULTS:"]
        for (label, value) in report.validation.summaryLines { lines.append("  \(label): \(value)") }
        for diode in report.validation.diode { lines.append("  Data diode \(diode)") }
        if let baseline = report.baseline {
            lines += ["", "TRAFFIC BASELINE:"]
            lines.append("  Source: \(baseline.source)\(baseline.period.map { " (\($0))" } ?? "")")
            lines.append("  Flows: \(baseline.flowsObserved) observed, \(baseline.flowsAllowed) allowed by the conduits")
            for channel in baseline.unusedChannels { lines.append("  Unused channel: \(channel)") }
        }
        if let blocked = report.wouldBeBlocked {
            lines += ["", "WOULD BE BLOCKED WHEN ENFORCED:"]
            lines.append("  Flows: \(blocked.blocked.count) blocked, \(blocked.unmapped.count) with an address in no zone")
            for flow in blocked.blocked {
                lines.append("  \(flow.sourceZone ?? "?") -> \(flow.destinationZone ?? "?") \(flow.service) \(flow.transport)/\(flow.port): \(flow.source) -> \(flow.destination) (\(flow.count)x)")
            }
            for suggestion in blocked.suggestions {
                let verdict = suggestion.kind == .violation ? "violation, do not allow" : "allow with a \(suggestion.kind.rawValue)"
                lines.append("  Suggestion: \(suggestion.service) \(suggestion.fromZone) -> \(suggestion.toZone): \(verdict)")
            }
        }
        lines += ["", "LINT FINDINGS:"]
        lines.append("  " + findingCounts(report.findings))
        for finding in report.findings where finding.severity >= .warning {
            lines.append("  \(finding.severity.rawValue)[\(finding.ruleID)] \(finding.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func findingCounts(_ findings: [Finding]) -> String {
        let counts = Dictionary(grouping: findings, by: \.severity).mapValues(\.count)
        return "\(counts[.error] ?? 0) errors, \(counts[.warning] ?? 0) warnings, \(counts[.info] ?? 0) notes"
    }
}
