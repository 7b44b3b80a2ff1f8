import BaselinePolicy
import FlowBaseline
import Testing
import ZoneCore

/// A model proposed from captures loads, lints without errors, and checked against the same traffic blocks nothing.
struct ProposeCheckRoundTripTests {
    func allCaptures() throws -> TrafficAggregator {
        let aggregator = TrafficAggregator()
        for folder in ["captures", "synthetic"] {
            for name in Fixtures.files(folder) where name != "raw-truncated.pcap" {
                _ = try aggregator.ingest(CaptureReader(source: MemorySource(try Fixtures.bytes(folder, name))))
            }
        }
        return aggregator
    }

    @Test func proposedModelLintsCleanAndBlocksNothing() throws {
        let aggregator = try allCaptures()
        let assets = AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs)
        let yaml = ModelProposer.yaml(flows: aggregator.flows, assets: assets)
        let loaded = ModelLoader.load(yaml: yaml, file: "proposed.yaml")
        #expect(!loaded.isInvalid, "\(loaded.findings.filter { $0.severity == .error })")
        let model = try #require(loaded.model)
        let lintErrors = Linter.lint(model).filter { $0.severity == .error }
        #expect(lintErrors.isEmpty, "\(lintErrors.map(\.message))")
        #expect(model.conduits.count >= 3)
        let modbusChannel = model.conduits.flatMap(\.channels).first { $0.service?.id == "modbus" }
        #expect(modbusChannel == nil || modbusChannel?.functionCodes != nil)

        let report = PolicyCheck.run(model: model, flows: aggregator.flows, assets: assets)
        #expect(report.blocked.isEmpty, "\(report.blocked.map(\.reason))")
        #expect(report.unusedChannels.isEmpty)
        #expect(report.dmzBypass.isEmpty)
    }

    @Test func checkFindsBlockedUnusedBypassingAndUnauthorizedFlows() throws {
        let (aggregator, _, _) = Fixtures.aggregate(try Fixtures.bytes("captures", "ModbusTCP.pcap"))
        let assets = AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs)
        let yaml = """
            zones:
              - zone_id: ENT
                purdue_level: 4
                network: {subnets: ["141.81.0.0/28"]}
              - zone_id: CELL
                purdue_level: 1
                network: {subnets: ["141.81.0.16/28", "141.81.0.32/27", "141.81.0.64/26", "141.81.0.128/25"]}
            conduits:
              - conduit_id: C1
                connects: [ENT, CELL]
                protocols_allowed:
                  - {protocol: Modbus/TCP, direction: {from: ENT, to: CELL}, function_codes: [1, 2, 4]}
                  - {protocol: DNP3, direction: {from: ENT, to: CELL}}
            """
        let model = try #require(ModelLoader.load(yaml: yaml).model)
        let report = PolicyCheck.run(model: model, flows: aggregator.flows, assets: assets)
        #expect(report.blocked.contains { $0.service == "modbus" && $0.reason.contains("15") })
        // Only the flows that used a function code outside 1/2/4 are blocked.
        let writers = aggregator.flows.filter { $0.service == .modbus && $0.requestCodes.members.contains { ![1, 2, 4].contains($0) } }
        #expect(report.blocked.count == writers.count)
        #expect(report.unusedChannels.map(\.channel).contains { $0.hasPrefix("DNP3") })
        #expect(report.dmzBypass.count == aggregator.flows.filter { $0.key.client.isIP && $0.key.port != 0 }.count)
        #expect(report.unauthorizedWrites.contains { $0.client == "141.81.0.10" && $0.operations.contains("write") })
    }
}
