import Foundation
import ZoneCore

/// The result of `zonectl logs analyze`: what was read, and the flows the enforced model would block.
public struct LogAnalysisReport: Encodable, Sendable {
    public let model: String
    public let statistics: LogStatistics
    public let analysis: BlockedFlowAnalysis

    public init(model: ZoneModel, analyzer: LogAnalyzer) {
        self.model = model.file
        statistics = analyzer.statistics
        let flows = analyzer.flows.map { key, stats in
            ObservedFlow(
                source: key.source, destination: key.destination, transport: key.transport, port: key.port, count: stats.count,
                firstSeen: stats.first, lastSeen: stats.last)
        }
        analysis = BlockedFlowAnalysis(model: model, flows: flows)
    }

    /// The report for a person: counts, would-be-blocked flows, and suggested model changes.
    public var text: String {
        var lines: [String] = []
        let records = statistics.records.values.reduce(0, +)
        let byDevice = statistics.records.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("Read \(statistics.files.count) files, \(statistics.lines) lines: \(records) flow records (\(byDevice.isEmpty ? "none" : byDevice))")
        let skipped = statistics.skipped.values.reduce(0, +)
        if skipped > 0 {
            let top = statistics.skipped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5).map { "\($0.key) ×\($0.value)" }
            lines.append("Skipped \(skipped) lines of messages that carry no flow: \(top.joined(separator: ", "))")
        }
        if statistics.unrecognised > 0 { lines.append("Unrecognised lines: \(statistics.unrecognised)") }
        if statistics.outsideWindow > 0 { lines.append("Outside --since/--until: \(statistics.outsideWindow) records") }
        if statistics.malformedCount > 0 {
            lines.append("Malformed lines: \(statistics.malformedCount)")
            for problem in statistics.malformed.prefix(10) { lines.append("  \(problem)") }
        }
        for problem in statistics.readProblems { lines.append("Could not read to the end: \(problem)") }
        lines.append("")
        if analysis.blocked.isEmpty {
            lines.append("Would be blocked when enforced: nothing; every logged flow is allowed by the model.")
        } else {
            lines.append("Would be blocked when enforced: \(analysis.blocked.count) flows")
            for flow in analysis.blocked {
                let window = [flow.firstSeen, flow.lastSeen].compactMap { $0 }.joined(separator: " .. ")
                lines.append("  \(flow.sourceZone ?? "?") -> \(flow.destinationZone ?? "?") \(flow.service) (\(flow.transport)/\(flow.port)): \(flow.source) -> \(flow.destination), \(flow.count)×\(window.isEmpty ? "" : ", \(window)"); \(flow.reason)")
            }
        }
        if !analysis.unmapped.isEmpty {
            lines.append("")
            lines.append("Flows with an address in no zone (add the hosts to the model): \(analysis.unmapped.count)")
            for flow in analysis.unmapped.prefix(20) { lines.append("  \(flow.source) -> \(flow.destination) \(flow.transport)/\(flow.port), \(flow.count)×") }
        }
        if !analysis.suggestions.isEmpty {
            lines.append("")
            lines.append("Suggested model changes:")
            for (number, suggestion) in analysis.suggestions.enumerated() {
                let what = suggestion.kind == .violation
                    ? "VIOLATION: no model change should allow \(suggestion.service) from \(suggestion.fromZone) to \(suggestion.toZone); stop the traffic at its source"
                    : "\(suggestion.kind == .newChannel ? "new channel on \(suggestion.conduit ?? "")" : "new conduit") for \(suggestion.service) from \(suggestion.fromZone) to \(suggestion.toZone)"
                lines.append("\(number + 1). \(what) (\(suggestion.flows) flows, \(suggestion.records) records)")
                for violation in suggestion.violations { lines.append("   \(violation)") }
                if suggestion.kind != .violation {
                    for yamlLine in suggestion.yaml.split(separator: "\n") { lines.append("   \(yamlLine)") }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
