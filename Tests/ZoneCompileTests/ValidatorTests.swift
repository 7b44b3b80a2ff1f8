import Foundation
import TestSupport
import Testing
import ZoneCompile
import ZoneCore

/// Generated files pass the real parsers: `nft -c -f` for nftables, suricata-check for Suricata rules.
@Suite struct ValidatorTests {
    static let models = Fixtures.modelNames + ["netns-router"]

    @Test(arguments: models, [EnforcementMode.enforce, .monitor])
    func nftablesOutputPassesNftCheck(name: String, mode: EnforcementMode) throws {
        let nft = try Peers.tool("nft")
        let files = try Fixtures.compile(try Fixtures.model(name), [.nftables], mode: mode)
        let rulesets = files.filter { $0.key.hasSuffix(".nft") }
        #expect(!rulesets.isEmpty)
        try Peers.withScratch { scratch in
            for (path, contents) in rulesets {
                let url = scratch.appendingPathComponent(path.replacingOccurrences(of: "/", with: "_"))
                try Data(contents.utf8).write(to: url)
                let result = try Peers.run(nft, ["-c", "-f", url.path])
                #expect(result.status == 0, "nft -c rejected \(name) \(path): \(result.error)")
            }
        }
    }

    @Test(arguments: models, [EnforcementMode.enforce, .monitor])
    func suricataOutputPassesSuricataCheck(name: String, mode: EnforcementMode) throws {
        let python = try Peers.python()
        let checker = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("suricata-check").path
        guard FileManager.default.isExecutableFile(atPath: checker) else {
            throw FixtureError(message: "suricata-check is not in the test venv; run scripts/test")
        }
        let rules = try Fixtures.file(try Fixtures.compile(try Fixtures.model(name), [.suricata], mode: mode), prefix: "suricata/zonectl.rules")
        let ruleCount = rules.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        try Peers.withScratch { scratch in
            let file = scratch.appendingPathComponent("zonectl.rules")
            try Data(rules.utf8).write(to: file)
            let out = scratch.appendingPathComponent("report")
            let result = try Peers.run(checker, ["-r", file.path, "-o", out.path, "--issue-severity", "WARNING"])
            #expect(result.status == 0, "suricata-check failed: \(result.error)")
            let report = try String(contentsOf: out.appendingPathComponent("suricata-check.jsonl"), encoding: .utf8)
            let entries = try report.split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
            }
            #expect(entries.count == ruleCount, "suricata-check parsed \(entries.count) of \(ruleCount) rules")
            for entry in entries {
                let issues = entry["issues"] as? [Any] ?? []
                #expect(issues.isEmpty, "suricata-check: \(entry["rule"] ?? "") has issues \(issues)")
            }
        }
    }
}
