import Foundation

/// ZC037: zones that need confidentiality or cryptographic integrity get encrypted channels.
enum CleartextNeedsProtection: LintRule {
    static let description = RuleDescription(
        id: "ZC037", name: "cleartext-needs-protection", severity: .error,
        references: ["IEC 62443-3-3 SR 4.1 RE 2", "IEC 62443-3-3 SR 3.1 RE 1"],
        summary: "A channel into or out of a zone whose SL-T needs confidentiality across zone boundaries (DC ≥ 3) or cryptographic integrity (SI ≥ 3) is not encrypted.",
        rationale: "At SL 3, SR 4.1 RE 2 protects confidentiality across zone boundaries and SR 3.1 RE 1 requires cryptographic integrity; a cleartext protocol meets neither.",
        triggering: [CleartextExample.model(channel: "{protocol: Modbus/TCP, direction: \"Z3 -> Z2 (read only)\"}")],
        nonTriggering: [CleartextExample.model(channel: "{protocol: OPC UA, direction: \"Z3 -> Z2 (read only)\", security_mode: SignAndEncrypt}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels where !channel.isEncrypted {
                for zoneID in [channel.from, channel.to] {
                    guard let level = model.zone(zoneID)?.securityLevelTarget else { continue }
                    let needsConfidentiality = level[.dataConfidentiality] >= 3
                    let needsIntegrity = level[.systemIntegrity] >= 3
                    guard needsConfidentiality || needsIntegrity else { continue }
                    let need = [needsConfidentiality ? "confidentiality (SR 4.1 RE 2)" : nil, needsIntegrity ? "cryptographic integrity (SR 3.1 RE 1)" : nil]
                        .compactMap { $0 }.joined(separator: " and ")
                    sink.report(
                        "\(channel.protocolName) on \(conduit.id) is not encrypted, but zone \(zoneID) (SL-T \(level)) needs \(need); use an encrypted protocol, a VPN tunnel, or a security_mode that encrypts",
                        at: channel.location, subject: conduit.id)
                    break
                }
            }
        }
    }
}

enum CleartextExample {
    static func model(channel: String) -> String {
        RuleExamples.pair(
            "{zone_id: Z2-BPCS, purdue_level: \"1-2\", security_level_target: SL 3, assets: [PLC (PLC-01)], requirements: [island mode, fail close]}",
            "{zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)]}",
            connects: "Z2-BPCS, Z3-OPS", conduitSL: "SL 3", channels: [channel],
            controls: "[Industrial firewall, connection rate limiting]")
    }
}
