import Foundation
import ModbusDPI
import Testing
import ZoneCore
import ZoneServices

@Suite struct ModelPolicyTests {
    @Test func conduitChannelsBecomeRules() throws {
        let model = try #require(ModelLoader.load(path: Peers.fixture("loopback-model.yaml")).model)
        let policy = try ModbusPolicy(model: model, conduit: "C1-BPCS-OPS", mode: .monitor)
        #expect(policy.rules.count == 1)
        let rule = try #require(policy.rules.first)
        #expect(rule.id == "C1-BPCS-OPS/modbus-2")
        #expect(rule.functions.map(\.code) == [3, 4])
        #expect(rule.sources == [IPPrefix("127.0.0.0/8")!])
        #expect(policy.mode == .monitor)
    }

    @Test func assetsAndExplicitSourcesResolveToAddresses() throws {
        let yaml = """
            zones:
              - zone_id: Z2
                purdue_level: 1
                assets:
                  - name: PLC-01
                    ip: 198.18.2.10
                network: {subnets: ["198.18.2.0/24"]}
              - zone_id: Z3
                purdue_level: 3
                assets: ["Historian (HIST-01)"]
                network: {subnets: ["198.18.3.0/24"]}
            conduits:
              - conduit_id: C1
                connects: [Z2, Z3]
                protocols_allowed:
                  - protocol: Modbus/TCP
                    direction: "Z3 -> Z2"
                    sources: [198.18.3.7]
                    destinations: [PLC-01]
                    function_codes: [3, 6]
                  - protocol: Modbus/TCP
                    direction: "Z3 -> Z2"
            """
        let result = ModelLoader.load(yaml: yaml)
        let model = try #require(result.model, "\(result.findings)")
        let policy = try ModbusPolicy(model: model, conduit: "C1", mode: .enforce)
        #expect(policy.rules[0].sources == [IPPrefix("198.18.3.7")!])
        #expect(policy.rules[0].destinations == [IPPrefix("198.18.2.10")!])
        #expect(policy.rules[0].functions.map(\.code) == [3, 6])
        let open = policy.rules[1].functions.map(\.code)
        #expect(!open.contains(8) && !open.contains(43) && !open.contains(17) && open.contains(16))
    }

    @Test func zonesWithoutAddressesFailClosed() throws {
        let model = try #require(ModelLoader.load(
            path: Peers.repositoryRoot.appendingPathComponent("Tests/ZoneCoreTests/Fixtures/seed-step1.yaml").path).model)
        #expect(throws: PolicyDerivationError.self) {
            try ModbusPolicy(model: model, conduit: "C1-BPCS-OPS", mode: .enforce)
        }
        #expect(throws: PolicyDerivationError.self) {
            try ModbusPolicy(model: model, conduit: "C3-DMZ-ENT", mode: .enforce)
        }
    }
}

@Suite struct ModelSyslogTargetTests {
    @Test func theModelsLoggingHostBecomesTheSyslogTarget() throws {
        let model = try #require(ModelLoader.load(yaml: StarterModel.text).model)
        let target = try SyslogTarget(model: model, transport: .tcp)
        #expect(target.description == "tcp://10.30.1.50:514")
        #expect(throws: PolicyDerivationError.self) {
            try SyslogTarget(model: ZoneModel(file: "empty.yaml"), transport: .udp)
        }
    }

    /// Runs `zonectl guard` with `arguments`; returns its exit status and standard error.
    static func guardCommand(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Peers.zonectl())
        process.arguments = ["guard"] + arguments
        let standardError = Pipe()
        process.standardError = standardError
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theBareTransportNeedsAModel() throws {
        let result = try Self.guardCommand(["--policy", "policy.yaml", "--syslog", "tcp"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--syslog tcp names the model's logging host and needs --model"),
                "\(result.standardError)")
    }

    @Test(arguments: [
        (["--idle-timeout", "86401"], "--idle-timeout must be 1 to 86400 seconds"),
        (["--idle-timeout", "0"], "--idle-timeout must be 1 to 86400 seconds"),
        (["--partial-frame-timeout", "3600001"], "--partial-frame-timeout must be 1 to 3600000 milliseconds"),
    ])
    func timeoutsOutsideTheirRangeAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let result = try Self.guardCommand(["--policy", "policy.yaml"] + arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
