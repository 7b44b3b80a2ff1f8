import Foundation
import Testing
@testable import ZoneCore

@Suite struct SeedModelTests {
    let result = ModelLoader.load(path: TestEnvironment.fixture("seed-step1.yaml"))

    @Test func seedLoadsUnchangedWithoutErrors() throws {
        #expect(!result.isInvalid, "\(result.findings)")
        #expect(result.findings.allSatisfy { $0.severity != .error })
        let model = try #require(result.model)
        #expect(model.facility == "Petrochemical Refinery - Unit 3")
        #expect(model.zones.map(\.id) == ["Z1-SIS", "Z2-BPCS", "Z3-OPS", "Z4-DMZ", "Z5-ENT"])
        #expect(model.conduits.map(\.id) == ["C1-BPCS-OPS", "C2-OPS-DMZ", "C3-DMZ-ENT"])
    }

    @Test func purdueLevelsAndSecurityLevels() throws {
        let model = try #require(result.model)
        #expect(model.zone("Z2-BPCS")?.purdue == PurdueRange(lower: PurdueLevel(tenths: 10), upper: PurdueLevel(tenths: 20)))
        #expect(model.zone("Z4-DMZ")?.purdue?.isDMZ == true)
        #expect(model.zone("Z1-SIS")?.securityLevelTarget == SecurityLevel(uniform: 3))
        #expect(model.zone("Z5-ENT")?.securityLevelTarget?.overall == 1)
        #expect(model.conduit("C3-DMZ-ENT")?.securityLevel == SecurityLevel(uniform: 1))
    }

    @Test func zoneDesignationsAndAssets() throws {
        let model = try #require(result.model)
        let sis = try #require(model.zone("Z1-SIS"))
        #expect(sis.safetyDesignated && sis.airGapped)
        #expect(sis.allowedConduits == [])
        #expect(model.zone("Z2-BPCS")?.assetCount == 19)
        #expect(model.zone("Z4-DMZ")?.terminatesTraffic == true)
        #expect(model.asset(named: "HIST-01")?.asset.role == .historian)
        #expect(model.asset(named: "SIS-01")?.asset.role == .safetyController)
        #expect(model.asset(named: "DMZ-JUMP-01")?.asset.role == .jumpHost)
    }

    @Test func freeTextDirectionsResolveToZones() throws {
        let model = try #require(result.model)
        let c1 = try #require(model.conduit("C1-BPCS-OPS"))
        let opc = c1.channels[0]
        #expect((opc.from, opc.to) == ("Z2-BPCS", "Z3-OPS"))
        #expect(opc.readOnly && opc.ports == [ServicePort(.tcp, 4840)] && opc.isEncrypted)
        let modbus = c1.channels[1]
        #expect((modbus.from, modbus.to) == ("Z3-OPS", "Z2-BPCS"))
        #expect(modbus.readOnly && modbus.functionCodes == [3, 4] && modbus.service?.id == "modbus")
        let diode = try #require(model.conduit("C2-OPS-DMZ")?.channels[0])
        #expect(diode.unidirectional && diode.ports == [ServicePort(.tcp, 5450)])
        let https = try #require(model.conduit("C2-OPS-DMZ")?.channels[1])
        #expect((https.from, https.to) == ("Z4-DMZ", "Z3-OPS") && https.notes == ["patch downloads only"])
        let rdp = try #require(model.conduit("C3-DMZ-ENT")?.channels[1])
        #expect(rdp.mfa && rdp.jumpHost)
    }

    @Test func everyNodeKeepsItsSourceLocation() throws {
        let model = try #require(result.model)
        let file = TestEnvironment.fixture("seed-step1.yaml")
        #expect(model.zone("Z1-SIS")?.location == SourceLocation(file: file, line: 7, column: 5))
        #expect(model.zone("Z2-BPCS")?.location(of: "security_level_target") == SourceLocation(file: file, line: 26, column: 28))
        #expect(model.conduit("C1-BPCS-OPS")?.channels[1].location.line == 95)
    }
}
