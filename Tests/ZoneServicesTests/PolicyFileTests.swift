import Foundation
import ModbusDPI
import Testing
import ZoneServices

@Suite struct PolicyFileTests {
    @Test func exampleFileLoads() throws {
        let configuration = try GuardConfiguration.load(
            path: Peers.repositoryRoot.appendingPathComponent("examples/guard-policy.yaml").path)
        #expect(configuration.listeners.count == 2)
        #expect(configuration.policy.rules.count >= 2)
        #expect(configuration.syslog == SyslogTarget("udp://127.0.0.1:5514"))
        let diagnostics = try #require(configuration.policy.rules.first { $0.functions.contains { $0.code == 8 } })
        #expect(diagnostics.functions.first { $0.code == 8 }?.subfunctions == [0])
    }

    @Test func errorsNameLineAndColumn() {
        let text = """
            listeners:
              - listen: 127.0.0.1:1502
                upstream: 127.0.0.1:502
            rules:
              - id: r1
                functions:
                  - code: 3
                    addresses: [0-99, 300-200]
            """
        #expect {
            try GuardConfiguration.parse(text, file: "p.yaml")
        } throws: { error in
            (error as? GuardConfigurationError).map { $0.line == 8 && $0.description.hasPrefix("p.yaml:8:") } ?? false
        }
        #expect(throws: GuardConfigurationError.self) {
            try GuardConfiguration.parse("rules: []\n", file: "p.yaml")
        }
        #expect(throws: GuardConfigurationError.self) {
            try GuardConfiguration.parse("listeners: [{listen: 'x', upstream: '127.0.0.1:1'}]\n", file: "p.yaml")
        }
        #expect(throws: GuardConfigurationError.self) {
            try GuardConfiguration.parse("""
                listeners: [{listen: "127.0.0.1:1", upstream: "127.0.0.1:2"}]
                rules: [{id: a, functions: [{code: 3, subfunctions: [1]}]}]
                """, file: "p.yaml")
        }
    }
}
