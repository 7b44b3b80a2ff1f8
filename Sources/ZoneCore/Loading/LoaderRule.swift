import Foundation

/// Checks made while a model is read. An error from any of them makes the input invalid (exit code 2).
public enum LoaderRule: CaseIterable, Sendable {
    case yamlSyntax
    case duplicateID
    case unknownReference
    case conduitEndpoints
    case invalidValue
    case unknownKey

    public var id: String { description.id }

    public var description: RuleDescription {
        switch self {
        case .yamlSyntax:
            RuleDescription(
                id: "ZC000", name: "yaml-syntax", severity: .error, phase: .load,
                references: ["IEC 62443-3-2 ZCR 6.1"],
                summary: "The model file is not readable YAML.",
                rationale: "A requirements specification that cannot be parsed cannot be reviewed or compiled.",
                triggering: ["zones:\n\t- zone_id: Z1\n"], nonTriggering: [RuleExamples.minimal])
        case .duplicateID:
            RuleDescription(
                id: "ZC001", name: "duplicate-id", severity: .error, phase: .load,
                references: ["IEC 62443-3-2 ZCR 6.4 a"],
                summary: "Two zones, two conduits, or two assets share an identifier.",
                rationale: "ZCR 6.4 requires a unique identifier for every zone and conduit; references become ambiguous otherwise.",
                triggering: [RuleExamples.minimal + "  - {zone_id: Z3-OPS, purdue_level: 3, security_level_target: SL 2}\n"],
                nonTriggering: [RuleExamples.minimal])
        case .unknownReference:
            RuleDescription(
                id: "ZC002", name: "unknown-reference", severity: .error, phase: .load,
                references: ["IEC 62443-3-2 ZCR 6.4 i"],
                summary: "A conduit, direction, allowed_conduits entry, asset or device names something the model does not define.",
                rationale: "Every connected zone and conduit must be identified (ZCR 6.4 i); a dangling name would silently open or drop a path.",
                triggering: [RuleExamples.twoZones(channel: "{protocol: Modbus/TCP, direction: \"Z9 -> Z2\"}")],
                nonTriggering: [RuleExamples.twoZones(channel: "{protocol: Modbus/TCP, direction: \"Z3 -> Z2 (read only)\"}")])
        case .conduitEndpoints:
            RuleDescription(
                id: "ZC003", name: "conduit-endpoints", severity: .error, phase: .load,
                references: ["IEC 62443-3-2 ZCR 3.1"],
                summary: "A conduit must connect at least two distinct zones.",
                rationale: "A conduit is the communication between zones; one with a single zone describes nothing enforceable.",
                triggering: [RuleExamples.minimal + "conduits:\n  - {conduit_id: C1, connects: [Z3-OPS], security_level: SL 2}\n"],
                nonTriggering: [RuleExamples.twoZones(channel: "{protocol: HTTPS, direction: \"Z3 -> Z2\"}")])
        case .invalidValue:
            RuleDescription(
                id: "ZC004", name: "invalid-value", severity: .error, phase: .load,
                references: ["IEC 62443-3-2 ZCR 5.6", "IEC 62443-3-3 Annex A"],
                summary: "A value is malformed: a security level outside SL 1–4, a Purdue level that does not exist, a bad address, port or function code.",
                rationale: "SL-T is one of SL 1–4 or a 7-value vector (ZCR 5.6); other values cannot be compiled into configurations.",
                triggering: ["zones:\n  - {zone_id: Z1, purdue_level: 1, security_level_target: SL 5}\n"],
                nonTriggering: [RuleExamples.minimal])
        case .unknownKey:
            RuleDescription(
                id: "ZC005", name: "unknown-key", severity: .warning, phase: .load,
                references: ["IEC 62443-3-2 ZCR 6.4"],
                summary: "A key that zonectl does not know; it is ignored.",
                rationale: "A misspelt key (secuirty_level_target) would otherwise be dropped silently and its requirement lost.",
                triggering: ["zones:\n  - {zone_id: Z1, purdue_level: 1, secuirty_level_target: SL 2}\n"],
                nonTriggering: [RuleExamples.minimal])
        }
    }
}
