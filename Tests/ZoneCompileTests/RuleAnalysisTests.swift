import Foundation
import Testing
import ZoneCompile
import ZoneCore

@Suite struct RuleAnalysisTests {
    @Test func narrowChannelCoveredByAWiderOneIsRedundant() throws {
        let result = try Compiler.compile(try Fixtures.model("packaging-line"), platforms: [.asa], mode: .enforce)
        let redundant = result.findings.filter { $0.kind == .redundant }
        #expect(redundant.count == 1)
        #expect(redundant.first?.rule.contains("C1-CELL-SUP channel 4") == true)
        #expect(redundant.first?.coveringRule.contains("C1-CELL-SUP channel 1") == true)
        #expect(!result.hasConflicts)
    }

    /// ZC-LAB's subnet lies inside ZB-OPS's: the ZA→ZB deny position comes before the ZA→ZC permit and
    /// catches all its traffic.
    @Test func permitAfterAnOverlappingDenyIsAConflict() throws {
        let yaml = """
            zones:
              - {zone_id: ZA-CTRL, purdue_level: 2, security_level_target: SL 2, network: {subnets: ["198.18.1.0/24"]}}
              - {zone_id: ZB-OPS, purdue_level: 3, security_level_target: SL 2, network: {subnets: ["198.18.2.0/23"]}}
              - {zone_id: ZC-LAB, purdue_level: 3, security_level_target: SL 2, network: {subnets: ["198.18.3.0/24"]}}
            conduits:
              - conduit_id: C1
                connects: [ZA-CTRL, ZC-LAB]
                security_level: SL 2
                channels:
                  - {protocol: HTTPS, direction: "ZA -> ZC"}
            """
        let result = try Compiler.compile(try Fixtures.model(yaml: yaml), platforms: [.nftables], mode: .enforce)
        let conflict = try #require(result.findings.first { $0.kind == .conflict })
        #expect(conflict.rule.contains("C1 channel 1 HTTPS ZA-CTRL -> ZC-LAB"))
        #expect(conflict.coveringRule.contains("ZA-CTRL>ZB-OPS"))
        #expect(result.hasConflicts)
        // Monitor mode changes verdicts, not positions: the same finding.
        let monitor = try Compiler.compile(try Fixtures.model(yaml: yaml), platforms: [.nftables], mode: .monitor)
        let positions = { (findings: [AnalysisFinding]) in findings.map { "\($0.kind) \($0.position) \($0.coveringPosition)" } }
        #expect(positions(monitor.findings) == positions(result.findings))
    }

    @Test func seedModelHasNoFindings() throws {
        let model = try Fixtures.model("refinery-unit3")
        #expect(try Compiler.compile(model, platforms: Platform.supported(by: model), mode: .enforce).findings.isEmpty)
    }
}
