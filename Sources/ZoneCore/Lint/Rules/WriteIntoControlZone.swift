import Foundation

/// ZC035: write-capable OT protocols reach control zones only from engineering workstations.
enum WriteIntoControlZone: LintRule {
    static let description = RuleDescription(
        id: "ZC035", name: "write-into-control-zone", severity: .error,
        references: ["IEC 62443-3-3 SR 5.2", "IEC 62443-3-3 SR 2.1", "IEC 62443-3-3 SR 3.1"],
        summary: "A write-capable industrial protocol enters a control zone (level 0–2) from a higher level, not limited to reads and not from engineering workstations only.",
        rationale: "Reads for data acquisition are the normal upward flow; writes from level 3 or above can change the process, so they are restricted to reads (function-code filtering) or to named engineering workstations.",
        triggering: [RuleExamples.twoZones(channel: "{protocol: Modbus/TCP, direction: \"Z3 -> Z2\"}")],
        nonTriggering: [RuleExamples.twoZones(channel: "{protocol: Modbus/TCP, direction: \"Z3 -> Z2 (read only, FC 3/4 only)\"}")])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for conduit in model.conduits {
            for channel in conduit.channels where channel.canWrite && channel.service?.category == .industrial {
                for (from, to) in ModelQueries.initiations(of: channel) {
                    guard let target = model.zone(to), let source = model.zone(from), let targetLevel = target.purdue,
                        let sourceLevel = source.purdue, targetLevel.isControl, sourceLevel.upper > targetLevel.upper
                    else { continue }
                    let sources = from == channel.from ? channel.sources : channel.destinations
                    let onlyWorkstations = !sources.isEmpty && sources.allSatisfy { reference in
                        guard case .asset(let name) = reference else { return false }
                        return model.asset(named: name)?.asset.role == .engineeringWorkstation
                    }
                    if onlyWorkstations { continue }
                    sink.report(
                        "\(channel.protocolName) from \(from) (level \(sourceLevel)) into control zone \(to) can write; make it read only with function codes, or limit sources to engineering workstations",
                        at: channel.location, subject: conduit.id)
                }
            }
        }
    }
}
