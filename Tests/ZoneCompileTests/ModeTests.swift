import Foundation
import Testing
import ZoneCompile
import ZoneCore

/// Monitor mode changes verdicts only: every line that differs from enforce mode differs in its verdict words.
@Suite struct ModeTests {
    static let verdictWords: [(enforce: String, monitor: String)] = [
        ("zonectl deny", "zonectl monitor"), ("\" drop", "\" accept"), ("extended deny", "extended permit"),
        ("set action deny", "set action accept"), ("Mode: enforce", "Mode: monitor"), ("drop ", "alert "),
        ("mode: enforce", "mode: monitor"),
    ]

    @Test(arguments: Fixtures.modelNames)
    func monitorModeDiffersOnlyInVerdicts(name: String) throws {
        let model = try Fixtures.model(name)
        let platforms = Platform.supported(by: model)
        let enforce = try Fixtures.compile(model, platforms, mode: .enforce)
        let monitor = try Fixtures.compile(model, platforms, mode: .monitor)
        #expect(Set(enforce.keys) == Set(monitor.keys))
        for (path, text) in enforce {
            let enforceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let monitorLines = (monitor[path] ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            #expect(enforceLines.count == monitorLines.count, "\(path): line counts differ")
            for (left, right) in zip(enforceLines, monitorLines) where left != right {
                let rewritten = Self.verdictWords.reduce(String(left)) { $0.replacingOccurrences(of: $1.enforce, with: $1.monitor) }
                #expect(rewritten == String(right), "\(path): '\(left)' and '\(right)' differ in more than the verdict")
            }
        }
    }

    @Test func conduitModeOverridesTheCommandMode() throws {
        let model = try Fixtures.model("dualstack-plant")
        let files = try Fixtures.compile(model, [.fortigate, .nftables], mode: .enforce)
        let fortigate = try Fixtures.file(files, prefix: "fortigate/")
        // C2-SUP-DMZ says mode: monitor; C1 follows the command (enforce).
        #expect(fortigate.contains("zonectl monitor Z3-SUPERVISORY>Z4-DMZ not-in-conduit"))
        #expect(fortigate.contains("zonectl deny Z2-CONTROL>Z3-SUPERVISORY not-in-conduit"))
        #expect(fortigate.contains("zonectl deny Z2-CONTROL>Z4-DMZ no-conduit"))
    }
}
