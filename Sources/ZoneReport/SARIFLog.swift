import Foundation
import ZoneCore

/// A SARIF 2.1.0 log of lint findings (OASIS Static Analysis Results Interchange Format).
struct SARIFLog: Encodable {
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    let schema = schemaURI
    let version = "2.1.0"
    let runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version
        case runs
    }

    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
        let columnKind = "unicodeCodePoints"
    }

    struct Tool: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name = "zonectl"
        let version: String
        let rules: [Rule]
    }

    struct Message: Encodable { let text: String }

    struct Rule: Encodable {
        let id: String
        let name: String
        let shortDescription: Message
        let fullDescription: Message
        let defaultConfiguration: Configuration
        let properties: Properties
    }

    struct Configuration: Encodable { let level: String }
    struct Properties: Encodable { let tags: [String] }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Message
        let locations: [Location]
    }

    struct Location: Encodable { let physicalLocation: PhysicalLocation }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region
    }

    struct ArtifactLocation: Encodable { let uri: String }

    struct Region: Encodable {
        let startLine: Int
        let startColumn: Int
    }

    static let toolVersion = "0.1.0"

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    static func render(_ findings: [Finding]) throws -> String {
        let catalogue = RuleCatalog.all
        let rules = catalogue.map { rule in
            Rule(
                id: rule.id, name: rule.name, shortDescription: Message(text: rule.summary),
                fullDescription: Message(text: rule.rationale), defaultConfiguration: Configuration(level: level(rule.severity)),
                properties: Properties(tags: rule.references))
        }
        let indexes = Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { ($1.id, $0) })
        let results = findings.map { finding in
            Result(
                ruleId: finding.ruleID, ruleIndex: indexes[finding.ruleID] ?? 0, level: level(finding.severity),
                message: Message(text: finding.message),
                locations: finding.location.map { location in
                    [Location(physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: location.file),
                        region: Region(startLine: max(location.line, 1), startColumn: max(location.column, 1))))]
                } ?? [])
        }
        let log = SARIFLog(runs: [Run(tool: Tool(driver: Driver(version: toolVersion, rules: rules)), results: results)])
        return try JSONOutput.encode(log)
    }
}
