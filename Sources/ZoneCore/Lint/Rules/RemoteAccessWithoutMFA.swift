import Foundation

/// ZC036: interactive remote access crosses zones only through a jump host with MFA.
enum RemoteAccessWithoutMFA: LintRule {
    static let description = RuleDescription(
        id: "ZC036", name: "remote-access-without-mfa", severity: .error,
        references: ["IEC 62443-3-3 SR 1.13", "IEC 62443-3-3 SR 1.1 RE 2", "IEC 62443-3-3 SR 2.6"],
        summary: "A remote-access channel (RDP, SSH, VNC, Telnet, TeamViewer) between zones lacks multi-factor authentication or does not end on a jump host.",
        rationale: "Access over untrusted networks is monitored and controlled (SR 1.13) with multi-factor authentication (SR 1.1 RE 2); a jump host in the DMZ terminates and records the session.",
        triggering: [RemoteExample.model(direction: "Z5 -> Z4")],
        nonTriggering: [RemoteExample.model(direction: "Z5 -> Z4 (jump server with MFA)")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels where channel.service?.category == .remoteAccess {
                let mfa = channel.mfa || ModelQueries.declares(["mfa", "multi-factor", "two-factor", "2fa"], conduit: conduit, zone: nil)
                let jump = channel.jumpHost || endsOnJumpHost(channel, model)
                guard !(mfa && jump) else { continue }
                let missing = [mfa ? nil : "multi-factor authentication", jump ? nil : "a jump host"].compactMap { $0 }
                sink.report(
                    "\(channel.protocolName) from \(channel.from) to \(channel.to) has no \(missing.joined(separator: " and "))",
                    at: channel.location, subject: conduit.id)
            }
        }
    }

    private static func endsOnJumpHost(_ channel: Channel, _ model: ZoneModel) -> Bool {
        if !channel.destinations.isEmpty {
            return channel.destinations.allSatisfy { reference in
                guard case .asset(let name) = reference else { return false }
                return model.asset(named: name)?.asset.role == .jumpHost
            }
        }
        return model.zone(channel.to)?.assets.contains { $0.role == .jumpHost } == true
            && model.zone(channel.to)?.assets.allSatisfy({ $0.role != .engineeringWorkstation }) == true
            && model.zone(channel.to)?.terminatesTraffic == true
    }
}

enum RemoteExample {
    static func model(direction: String) -> String {
        RuleExamples.pair(
            "{zone_id: Z4-DMZ, purdue_level: 3.5, security_level_target: SL 2, assets: [Jump server (DMZ-JUMP-01)], requirements: [antivirus]}",
            "{zone_id: Z5-ENT, purdue_level: 4, security_level_target: SL 1, assets: [Corporate PC (PC-01)]}",
            connects: "Z4-DMZ, Z5-ENT", channels: ["{protocol: RDP, direction: \"\(direction)\"}"])
    }
}
