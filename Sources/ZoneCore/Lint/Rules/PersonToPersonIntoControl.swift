import Foundation

/// ZC039: no mail, chat or general web into control zones.
enum PersonToPersonIntoControl: LintRule {
    static let description = RuleDescription(
        id: "ZC039", name: "person-to-person-into-control", severity: .error,
        references: ["IEC 62443-3-3 SR 5.3", "IEC 62443-3-3 SR 5.3 RE 1"],
        summary: "A person-to-person or general-purpose service (e-mail, chat, VoIP, web) crosses into or out of a control zone (level 0–2).",
        rationale: "SR 5.3 prevents general-purpose person-to-person messages from reaching the control system; they carry phishing and executable attachments.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: SMTP, direction: \"Z3 -> Z2\"}")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: OPC UA, direction: \"Z2 -> Z3 (read only)\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels {
                guard let service = channel.service, service.category == .personToPerson || service.category == .web else { continue }
                guard let control = [channel.from, channel.to].first(where: { model.zone($0)?.purdue?.isControl == true }) else { continue }
                sink.report(
                    "\(channel.protocolName) (\(service.category == .web ? "web" : "person-to-person")) crosses into control zone \(control) on \(conduit.id)",
                    at: channel.location, subject: conduit.id)
            }
        }
    }
}
