import Foundation
import ZoneCore
import ZoneDiagram

/// The HTML report: one self-contained page (inline SVG and CSS, no scripts, fonts or links to fetch), with
/// headings and table headers for screen readers and a print style for A4.
enum ReportHTML {
    static func render(_ report: ImplementationReport) -> String {
        var page = HTMLPage()
        page.raw("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e("IEC 62443 Zone Implementation Report: " + report.facility))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <header>
            <h1>IEC 62443 Zone Implementation Report</h1>
            <p class="facility">\(e(report.facility))</p>
            </header>
            <main>
            """)
        summary(report, &page)
        diagram(report, &page)
        zones(report, &page)
        conduits(report, &page)
        findings(report, &page)
        if let baseline = report.baseline { self.baseline(baseline, &page) }
        if let blocked = report.wouldBeBlocked { wouldBeBlocked(blocked, &page) }
        validation(report, &page)
        page.raw("</main>\n<footer><p>Written by zonectl from <code>\(e(report.model))</code> (SHA-256 <code>\(e(report.modelSHA256))</code>).</p></footer>\n</body>\n</html>")
        return page.text
    }

    private static func e(_ text: String) -> String { XMLEscaping.escape(text) }

    private static func summary(_ report: ImplementationReport, _ page: inout HTMLPage) {
        let counts = Dictionary(grouping: report.findings, by: \.severity).mapValues(\.count)
        let rows: [(String, String)] = [
            ("Facility", report.facility),
            ("Implementation date", report.implementationDate),
            ("Standard", report.standard),
            ("Model", "\(report.model) (SHA-256 \(report.modelSHA256.prefix(12)))"),
            ("Zones", "\(report.zones.count)"),
            ("Conduits", "\(report.conduits.count)"),
            ("Lint findings", "\(counts[.error] ?? 0) errors, \(counts[.warning] ?? 0) warnings, \(counts[.info] ?? 0) notes"),
            ("Validation", report.validation.validated ? "validated" + (report.validation.environment.map { " in \($0)" } ?? "") : "not yet validated"),
            ("Traffic baseline", report.baseline.map { "\($0.flowsAllowed) of \($0.flowsObserved) observed flows allowed" } ?? "not given"),
            ("Would be blocked", report.wouldBeBlocked.map { "\($0.blocked.count) flows when enforced" } ?? "not analysed"),
        ]
        page.raw("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n<tbody>")
        for (label, value) in rows { page.raw("<tr><th scope=\"row\">\(e(label))</th><td>\(e(value))</td></tr>") }
        page.raw("</tbody>\n</table>\n</section>")
    }

    private static func diagram(_ report: ImplementationReport, _ page: inout HTMLPage) {
        page.raw("<section aria-labelledby=\"diagram\">\n<h2 id=\"diagram\">Zone and conduit diagram</h2>\n<figure>")
        page.raw(report.diagramSVG.trimmingCharacters(in: .newlines))
        page.raw("""
            <figcaption>Zones by Purdue level with their security level target (SL-T) and asset count; conduits with their \
            services and the direction connections are opened. Zones and conduits outlined in red have lint errors.</figcaption>
            </figure>
            </section>
            """)
    }

    private static func table(_ caption: String, _ headers: [String], _ rows: [[String]], _ page: inout HTMLPage, rowClasses: [String?] = []) {
        page.raw("<table>\n<caption>\(e(caption))</caption>\n<thead><tr>" + headers.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>")
        for (index, row) in rows.enumerated() {
            let rowClass = index < rowClasses.count ? rowClasses[index].map { " class=\"\($0)\"" } ?? "" : ""
            let cells = row.enumerated().map { column, cell in column == 0 ? "<th scope=\"row\">\(cell)</th>" : "<td>\(cell)</td>" }
            page.raw("<tr\(rowClass)>" + cells.joined() + "</tr>")
        }
        page.raw("</tbody>\n</table>")
    }

    /// A `<section>` labelled by its `<h2>`, so that screen readers list it as a region.
    private static func section(_ id: String, _ heading: String, _ page: inout HTMLPage, _ body: (inout HTMLPage) -> Void) {
        page.raw("<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(e(heading))</h2>")
        body(&page)
        page.raw("</section>")
    }

    private static func list(_ items: [String], empty: String) -> String {
        items.isEmpty ? e(empty) : "<ul>" + items.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    }

    private static func zones(_ report: ImplementationReport, _ page: inout HTMLPage) {
        section("zones", "Zone architecture", &page) { page in
            let rows = report.zones.map { zone in
                var markers: [String] = []
                if zone.safetyDesignated { markers.append("safety-designated") }
                if zone.airGapped { markers.append("air-gapped") }
                return [
                    e(zone.id), e(zone.name), e(zone.purdueLevel ?? "not set"), e(zone.securityLevelTarget), "\(zone.assets)",
                    list(zone.conduits, empty: zone.airGapped ? "none (air-gapped)" : "none"), list(zone.controls, empty: "none declared"),
                    e(markers.joined(separator: ", ")),
                ]
            }
            table("Zones, their Purdue level, security level target and controls", ["Zone", "Name", "Level", "SL-T", "Assets", "Conduits", "Controls", "Notes"], rows, &page)
        }
    }

    private static func conduits(_ report: ImplementationReport, _ page: inout HTMLPage) {
        section("conduits", "Conduit configuration", &page) { page in
            let rows = report.conduits.map { conduit in
                [
                    e(conduit.id), e(conduit.zones.joined(separator: " ↔ ")), e(conduit.securityLevel ?? "not set"),
                    list(conduit.protocols, empty: "none"), "\(conduit.allowRules)", "\(conduit.denyRules)",
                    conduit.deepPacketInspection ? "Yes" : "No", conduit.dataDiode ? "Yes" : "No",
                ]
            }
            table("Conduits with their services and firewall rule counts", ["Conduit", "Zones", "SL", "Protocols", "Allow rules", "Deny rules", "DPI", "Data diode"], rows, &page)
        }
    }

    private static func findings(_ report: ImplementationReport, _ page: inout HTMLPage) {
        section("findings", "Lint findings", &page) { page in
            page.raw("<p>\(e(ReportText.findingCounts(report.findings))).</p>")
            if !report.findings.isEmpty {
                let rows = report.findings.map { finding in
                    let rule = RuleCatalog.rule(finding.ruleID)
                    let place = finding.location.map { "\($0.line):\($0.column)" } ?? ""
                    return [
                        e(finding.ruleID), e(finding.severity.rawValue), e(rule?.name ?? ""), e(finding.subject ?? ""), e(place),
                        e(finding.message), list(rule?.references ?? [], empty: ""),
                    ]
                }
                table("Findings by position in the model file", ["Rule", "Severity", "Name", "Subject", "Line:column", "Finding", "IEC 62443 references"],
                      rows, &page, rowClasses: report.findings.map { "severity-\($0.severity.rawValue)" })
            }
        }
    }

    private static func baseline(_ baseline: BaselineSummary, _ page: inout HTMLPage) {
        section("baseline", "Traffic baseline", &page) { page in
            let period = baseline.period.map { " (\(e($0)))" } ?? ""
            page.raw("<p>\(baseline.flowsObserved) flows observed in \(e(baseline.source))\(period): \(baseline.flowsAllowed) allowed by the conduits.</p>")
            if !baseline.unusedChannels.isEmpty {
                page.raw("<h3>Channels no observed flow used</h3>\n" + list(baseline.unusedChannels, empty: ""))
            }
        }
    }

    private static func wouldBeBlocked(_ analysis: BlockedFlowAnalysis, _ page: inout HTMLPage) {
        section("blocked", "Would be blocked when enforced", &page) { page in
            page.raw("<p>\(analysis.blocked.count) flows would be blocked; \(analysis.unmapped.count) have an address in no zone.</p>")
            if !analysis.blocked.isEmpty {
                let rows = analysis.blocked.map { flow in
                    [e(flow.source), e(flow.destination), e("\(flow.sourceZone ?? "?") → \(flow.destinationZone ?? "?")"),
                     e("\(flow.transport)/\(flow.port)"), e(flow.service), "\(flow.count)", e(flow.reason)]
                }
                table("Observed flows that enforcing the model would block", ["Source", "Destination", "Zones", "Port", "Service", "Count", "Reason"], rows, &page)
            }
            if !analysis.suggestions.isEmpty {
                let items = analysis.suggestions.map { suggestion in
                    let verdict = suggestion.kind == .violation ? "violation, do not allow" : "allow with a \(suggestion.kind.rawValue)"
                    return "\(suggestion.service) \(suggestion.fromZone) → \(suggestion.toZone): \(verdict)"
                }
                page.raw("<h3>Suggested model changes</h3>\n" + list(items, empty: ""))
            }
        }
    }

    private static func validation(_ report: ImplementationReport, _ page: inout HTMLPage) {
        page.raw("<section aria-labelledby=\"validation\">\n<h2 id=\"validation\">Validation results</h2>\n<table class=\"summary\">\n<tbody>")
        for (label, value) in report.validation.summaryLines { page.raw("<tr><th scope=\"row\">\(e(label))</th><td>\(e(value))</td></tr>") }
        for diode in report.validation.diode { page.raw("<tr><th scope=\"row\">Data diode</th><td>\(e(diode))</td></tr>") }
        page.raw("</tbody>\n</table>\n</section>")
    }

    static let stylesheet = """
        :root{color-scheme:light}\
        body{font-family:'DejaVu Sans',Verdana,Arial,Helvetica,sans-serif;color:#111827;background:#fff;margin:0 auto;max-width:1200px;padding:1rem 1.5rem;line-height:1.4;font-size:14px}\
        h1{font-size:1.6rem;margin:0.2rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #1e3a8a;padding-bottom:0.2rem}\
        .facility{font-size:1.1rem;margin:0}\
        table{border-collapse:collapse;width:100%;margin:0.5rem 0}caption{text-align:left;font-weight:bold;padding:0.3rem 0}\
        th,td{border:1px solid #cbd5e1;padding:0.3rem 0.45rem;text-align:left;vertical-align:top}thead th{background:#e2e8f0}\
        tbody th{background:#f8fafc}table.summary{width:auto}table.summary th{min-width:12rem}\
        ul{margin:0;padding-left:1.1rem}tr.severity-error td,tr.severity-error th{background:#fee2e2}\
        tr.severity-warning td,tr.severity-warning th{background:#fef9c3}\
        figure{margin:0}figure svg{max-width:100%;height:auto;display:block;border:1px solid #cbd5e1}\
        figcaption{font-size:0.9rem;color:#374151;margin-top:0.4rem}code{font-size:0.9em}footer{margin-top:2rem;font-size:0.85rem;color:#4b5563}\
        @page{size:A4 landscape;margin:10mm}\
        @media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}figure{break-inside:avoid}\
        tr{break-inside:avoid}thead{display:table-header-group}figure svg{border:none;max-height:180mm;width:auto}\
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """
}

/// Collects the lines of an HTML page.
struct HTMLPage {
    private(set) var text = ""

    mutating func raw(_ markup: String) {
        text += markup
        text += "\n"
    }
}
