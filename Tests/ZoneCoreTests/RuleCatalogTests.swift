import Foundation
import Testing
import ZoneReport
@testable import ZoneCore

@Suite struct RuleCatalogTests {
    static let rules = RuleCatalog.all

    @Test func catalogueHasStableUniqueIDsAndReferences() {
        #expect(RuleCatalog.lintRules.count >= 25)
        #expect(Set(Self.rules.map(\.id)).count == Self.rules.count)
        #expect(Set(Self.rules.map(\.name)).count == Self.rules.count)
        for rule in Self.rules {
            #expect(rule.id.hasPrefix("ZC") && rule.id.count == 5)
            #expect(rule.references.contains { $0.hasPrefix("IEC 62443") }, "\(rule.id) names no IEC 62443 requirement")
            #expect(!rule.triggering.isEmpty && !rule.nonTriggering.isEmpty, "\(rule.id) lacks examples")
        }
    }

    /// Every rule's documented examples behave as documented.
    @Test(arguments: rules.map(\.id))
    func examplesTriggerAndDoNotTrigger(_ id: String) throws {
        let rule = try #require(RuleCatalog.rule(id))
        for example in rule.triggering {
            #expect(findings(of: example).contains { $0.ruleID == id }, "\(id) does not trigger on:\n\(example)")
        }
        for example in rule.nonTriggering {
            let hits = findings(of: example).filter { $0.ruleID == id }
            #expect(hits.isEmpty, "\(id) triggers on its non-triggering example: \(hits.map(\.message))\n\(example)")
        }
    }

    private func findings(of yaml: String) -> [Finding] {
        let result = ModelLoader.load(yaml: yaml, file: "example.yaml")
        guard let model = result.model, !result.isInvalid else { return result.findings }
        return result.findings + Linter.lint(model)
    }

    /// Load-rule examples must also be otherwise valid, and lint-rule examples must load cleanly.
    @Test(arguments: rules.filter { $0.phase == .lint }.map(\.id))
    func lintExamplesAreValidModels(_ id: String) throws {
        let rule = try #require(RuleCatalog.rule(id))
        for example in rule.triggering + rule.nonTriggering {
            let result = ModelLoader.load(yaml: example, file: "example.yaml")
            #expect(!result.isInvalid, "\(id) example is invalid input: \(result.findings)")
        }
    }

    @Test func rulesDocumentationIsInStepWithTheCatalogue() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("docs/rules.md")
        let generated = RuleDocumentation.markdown()
        if TestEnvironment.recordGoldens {
            try generated.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(onDisk == generated, "docs/rules.md is stale; ZONECTL_RECORD_GOLDENS=1 scripts/test regenerates it")
    }

    @Test func strictMakesDocumentationGapsErrors() throws {
        let model = try #require(ModelLoader.load(yaml: RuleExamples.minimal).model)
        #expect(Linter.lint(model).first { $0.ruleID == "ZC018" }?.severity == .warning)
        #expect(Linter.lint(model, options: LintOptions(strict: true)).first { $0.ruleID == "ZC018" }?.severity == .error)
    }

    @Test func starterModelLintsClean() throws {
        let result = ModelLoader.load(yaml: StarterModel.text, file: "starter.yaml")
        let model = try #require(result.model)
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(Linter.lint(model, options: LintOptions(strict: true)).isEmpty, "\(Linter.lint(model))")
    }
}
