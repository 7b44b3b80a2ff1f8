import Foundation
import ZoneCore

/// The "IEC 62443 Zone Implementation Report": zone architecture, conduit configuration, validation results and
/// lint findings, computed once and rendered as text, Markdown or JSON.
public struct ImplementationReport: Encodable, Sendable {
    public struct ZoneSection: Encodable, Sendable {
        public let id: String
        public let name: String
        public let purdueLevel: String?
        public let securityLevelTarget: String
        public let assets: Int
        public let conduits: [String]
        public let controls: [String]
        public let airGapped: Bool
        public let safetyDesignated: Bool
    }

    public struct ConduitSection: Encodable, Sendable {
        public let id: String
        public let name: String
        public let zones: [String]
        public let securityLevel: String?
        public let protocols: [String]
        public let allowRules: Int
        public let denyRules: Int
        public let deepPacketInspection: Bool
        public let dataDiode: Bool
        public let controls: [String]
    }

    public struct ValidationSection: Encodable, Sendable {
        public let validated: Bool
        public let crossZonePassed: Int
        public let crossZoneFailed: Int
        public let prohibitedPaths: Int
        public let prohibitedPathExceptions: [String]
        public let protocolChecks: Int
        public let protocolFailures: [String]
        public let diode: [String]
        public let environment: String?
    }

    public let facility: String
    public let implementationDate: String
    public let standard: String
    public let model: String
    public let modelSHA256: String
    public let zones: [ZoneSection]
    public let conduits: [ConduitSection]
    public let validation: ValidationSection
    /// Flows that the enforced model would block, from a log analysis or a traffic baseline, when given.
    public let wouldBeBlocked: BlockedFlowAnalysis?
    public let findings: [Finding]

    /// Builds the report; `date` is the implementation date printed when the model has none.
    public init(
        model: ZoneModel, findings: [Finding], validation: ValidationResults?, date: String, wouldBeBlocked: BlockedFlowAnalysis? = nil
    ) {
        let policy = AccessPolicy(model: model)
        facility = model.facility ?? "(facility not named)"
        implementationDate = model.implementationDate ?? date
        standard = "IEC 62443-3-2/3-3"
        self.model = model.file
        modelSHA256 = model.sha256
        zones = model.zones.map { zone in
            let connected = model.conduits(of: zone.id)
            var controls = zone.controls
            if controls.isEmpty {
                for conduit in connected { for control in conduit.controls where !controls.contains(control) { controls.append(control) } }
            }
            if zone.airGapped && connected.isEmpty { controls.insert("Air gap: no network conduits", at: 0) }
            return ZoneSection(
                id: zone.id, name: zone.name, purdueLevel: zone.purdue?.description,
                securityLevelTarget: zone.securityLevelTarget.map(Self.levelText) ?? "not set",
                assets: zone.assetCount, conduits: connected.map(\.id), controls: controls, airGapped: zone.airGapped,
                safetyDesignated: zone.safetyDesignated)
        }
        conduits = model.conduits.map { conduit in
            let counts = policy.ruleCounts(of: conduit)
            return ConduitSection(
                id: conduit.id, name: conduit.name, zones: conduit.zones, securityLevel: conduit.securityLevel.map(Self.levelText),
                protocols: conduit.channels.map(\.summary), allowRules: counts.allow, denyRules: counts.deny,
                deepPacketInspection: conduit.hasDeepPacketInspection, dataDiode: conduit.hasDiode, controls: conduit.controls)
        }
        self.validation = Self.summarize(validation)
        self.wouldBeBlocked = wouldBeBlocked
        self.findings = Finding.sortedForOutput(findings)
    }

    static func levelText(_ level: SecurityLevel) -> String {
        level.isVector ? level.description : "\(level.values[0])"
    }

    private static func summarize(_ results: ValidationResults?) -> ValidationSection {
        guard let results else {
            return ValidationSection(
                validated: false, crossZonePassed: 0, crossZoneFailed: 0, prohibitedPaths: 0, prohibitedPathExceptions: [],
                protocolChecks: 0, protocolFailures: [], diode: [], environment: nil)
        }
        let crossZone = results.probes.filter { $0.category == .crossZone || $0.category == .prohibitedPath }
        let prohibited = results.probes(.prohibitedPath)
        let protocolChecks = results.probes(.protocolEnforcement)
        func label(_ probe: ValidationResults.Probe) -> String {
            let path = [probe.fromZone, probe.toZone].compactMap { $0 }.joined(separator: " -> ")
            return [path, probe.name, probe.target.map { "(\($0))" }].compactMap { $0 }.filter { !$0.isEmpty }
                .joined(separator: " ") + ": \(probe.observed)"
        }
        return ValidationSection(
            validated: true, crossZonePassed: crossZone.filter(\.passed).count, crossZoneFailed: crossZone.filter { !$0.passed }.count,
            prohibitedPaths: prohibited.count, prohibitedPathExceptions: prohibited.filter { !$0.passed }.map(label),
            protocolChecks: protocolChecks.count, protocolFailures: protocolChecks.filter { !$0.passed }.map(label),
            diode: results.probes(.diode).map { "\($0.name): \($0.status ?? ($0.passed ? "PASS" : "FAIL"))" + ($0.detail.map { " (\($0))" } ?? "") },
            environment: results.environment)
    }
}
