import Foundation
import TestSupport
import Testing
import ZoneCompile
import ZoneCore

/// Invalid input: a precise error naming the model location, exit 2 from the CLI, and no output folder.
@Suite struct BadInputTests {
    static let zones = """
        zones:
          - {zone_id: ZA-CTRL, purdue_level: 2, security_level_target: SL 2, network: {subnets: ["198.18.1.0/24"]}, assets: [{name: "PLC (PLC-1)"}]}
          - {zone_id: ZB-OPS, purdue_level: 3, security_level_target: SL 2, network: {subnets: ["198.18.2.0/24"]}}
          - {zone_id: ZC-LAB, purdue_level: 3, security_level_target: SL 2}

        """

    /// A conduit from ZC-LAB, the zone without subnets.
    static let labConduit = zones + """
        conduits:
          - conduit_id: C1
            connects: [ZC-LAB, ZB-OPS]
            channels:
              - {protocol: HTTPS, direction: "ZC -> ZB"}
        """

    static let cases: [(name: String, yaml: String, target: String, code: CompileError.Code, location: String)] = [
        (
            "host without address",
            zones + """
                conduits:
                  - conduit_id: C1
                    connects: [ZA-CTRL, ZB-OPS]
                    channels:
                      - {protocol: Modbus/TCP, direction: "ZB -> ZA", destinations: ["PLC-1"]}
                """, "nftables", .hostWithoutAddress, "bad.yaml:9:9"
        ),
        (
            "asa target without an asa firewall",
            labConduit, "asa", .unsupportedPlatform, "bad.yaml:1:1"
        ),
        (
            "zone without subnet for nftables",
            labConduit, "nftables", .zoneWithoutNetwork, "bad.yaml:4:5"
        ),
        (
            "platform the devices section does not support",
            zones + """
                devices:
                  firewalls:
                    - name: FW1
                      platform: asa
                      interfaces: [{name: Gi0/1, zone: ZA-CTRL}, {name: Gi0/2, zone: ZB-OPS}]
                """, "fortigate", .unsupportedPlatform, "bad.yaml:7:7"
        ),
        (
            "firewall interface in a zone without subnet",
            zones + """
                devices:
                  firewalls:
                    - name: FW1
                      platform: asa
                      interfaces: [{name: Gi0/1, zone: ZA-CTRL}, {name: Gi0/2, zone: ZC-LAB}]
                """, "asa", .zoneWithoutNetwork, "bad.yaml:9:50"
        ),
    ]

    @Test(arguments: cases.indices)
    func libraryReportsTheModelLocation(index: Int) throws {
        let bad = Self.cases[index]
        let model = try Fixtures.model(yaml: bad.yaml, file: "bad.yaml")
        let platform = try #require(Platform(rawValue: bad.target))
        #expect {
            _ = try Compiler.compile(model, platforms: [platform], mode: .enforce)
        } throws: { error in
            guard let error = error as? CompileError else { return false }
            return error.code == bad.code && error.location?.description == bad.location
        }
    }

    @Test(arguments: cases.indices)
    func cliExitsWithTwoAndLeavesNoFolder(index: Int) throws {
        let zonectl = try Peers.zonectl()
        let bad = Self.cases[index]
        try Peers.withScratch { scratch in
            let modelURL = scratch.appendingPathComponent("bad.yaml")
            try Data(bad.yaml.utf8).write(to: modelURL)
            let out = scratch.appendingPathComponent("out")
            let result = try Peers.run(zonectl, ["compile", modelURL.path, "--target", bad.target, "-o", out.path])
            #expect(result.status == 2, "\(bad.name): exit \(result.status), stderr \(result.error)")
            #expect(result.error.contains("bad.yaml:"), "\(bad.name): \(result.error)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(bad.name): output folder left behind")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0 != "bad.yaml" }
            #expect(leftovers.isEmpty, "\(bad.name): temporary files left: \(leftovers)")
        }
    }

    @Test func failedCompileKeepsThePreviousFolder() throws {
        let zonectl = try Peers.zonectl()
        try Peers.withScratch { scratch in
            let out = scratch.appendingPathComponent("out")
            let good = try Peers.run(zonectl, ["compile", Fixtures.examples.appendingPathComponent("refinery-unit3.yaml").path, "-o", out.path])
            #expect(good.status == 0, "\(good.error)")
            let before = try GoldenTests.files(under: out).sorted()
            let modelURL = scratch.appendingPathComponent("bad.yaml")
            try Data(Self.cases[0].yaml.utf8).write(to: modelURL)
            let bad = try Peers.run(zonectl, ["compile", modelURL.path, "--target", "nftables", "-o", out.path])
            #expect(bad.status == 2)
            #expect(try GoldenTests.files(under: out).sorted() == before)
        }
    }

    /// A firewall name longer than a file name may be: the system refuses the file, the error says which and why,
    /// and neither the output folder nor its staging folder is left.
    @Test func aFileTheSystemRefusesLeavesNoFolder() throws {
        let zonectl = try Peers.zonectl()
        let name = String(repeating: "F", count: 300)
        let yaml = Self.zones + """
            devices:
              firewalls:
                - name: \(name)
                  platform: asa
                  interfaces: [{name: Gi0/1, zone: ZA-CTRL}, {name: Gi0/2, zone: ZB-OPS}]
            """
        try Peers.withScratch { scratch in
            let modelURL = scratch.appendingPathComponent("long.yaml")
            try Data(yaml.utf8).write(to: modelURL)
            let out = scratch.appendingPathComponent("out")
            let result = try Peers.run(zonectl, ["compile", modelURL.path, "--target", "asa", "-o", out.path])
            #expect(result.status == 2, "exit \(result.status), stderr \(result.error)")
            #expect(result.error.contains("cannot write output folder \(out.path)"), "\(result.error)")
            #expect(result.error.contains("\(name).cfg: File name too long"), "\(result.error)")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0 != "long.yaml" }
            #expect(leftovers.isEmpty, "left behind: \(leftovers)")
        }
    }
}
