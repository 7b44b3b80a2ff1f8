import Foundation
import TestSupport
import Testbed
import Testing
import ZoneCore

/// Bad input leaves nothing behind and says what to do.
@Suite(.serialized) struct TestbedBadInputTests {
    @Test func aTakenNameIsRefusedAndTheRunningTestbedKept() throws {
        let run = try TestbedRun(model: TestbedRun.refinery, letter: "t")
        defer { run.down() }
        #expect(try run.up().status == 0)
        let second = try run.up()
        #expect(second.status == 2)
        #expect(second.error.contains("a testbed named \(run.name) exists"))
        let status = try run.zonectl("testbed", "status", run.name)
        #expect(status.status == 0, "\(status.output)")
    }

    @Test func aModelWithoutAddressesBuildsNothing() throws {
        let run = try TestbedRun(model: TestbedRun.fixture("no-addresses.yaml"), letter: "n")
        defer { run.down() }
        let up = try run.up()
        #expect(up.status == 2)
        #expect(up.error.contains("no zone has network.subnets"))
        #expect(try run.leftovers([]).isEmpty)
    }

    @Test func missingToolsAreNamedWithThePackage() throws {
        let run = try TestbedRun(model: TestbedRun.refinery, letter: "m")
        defer { run.down() }
        let result = try Peers.run("/usr/bin/env", ["PATH=/nonexistent", run.zonectl, "testbed", "up", run.model, "--name", run.name])
        #expect(result.status == 2)
        #expect(result.error.contains("install iproute2"))
        #expect(try run.leftovers([]).isEmpty)
    }

    @Test func notRootIsRefused() throws {
        let run = try TestbedRun(model: TestbedRun.refinery, letter: "u")
        defer { run.down() }
        let setpriv = try Peers.tool("setpriv")
        let result = try Peers.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", run.zonectl, "testbed", "up", run.model, "--name", run.name])
        #expect(result.status == 2)
        #expect(result.error.contains("need root"))
        #expect(try run.leftovers([]).isEmpty)
    }

    @Test func aHalfBuiltTestbedIsRemovedByDown() throws {
        let run = try TestbedRun(model: TestbedRun.refinery, letter: "h")
        defer { run.down() }
        // What a crash after the first steps of up leaves: a state file and a namespace, nothing else.
        let directory = TestbedState.directory(run.name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let namespace = "zt-\(run.name)-fw"
        #expect(try Peers.run(try Peers.tool("ip"), ["netns", "add", namespace]).status == 0)
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: try Peers.tool("ip"))
        sleeper.arguments = ["netns", "exec", namespace, "sleep", "300"]
        try sleeper.run()
        let down = try run.zonectl("testbed", "down", run.name)
        #expect(down.status == 0)
        #expect(!Testbed.isAlive(sleeper.processIdentifier))
        #expect(try run.leftovers([]).isEmpty)
    }

    @Test func addressMapIsDeterministicAndInsideTheTestPrefixes() throws {
        let loaded = ModelLoader.load(path: TestbedRun.refinery)
        let model = try #require(loaded.model)
        let first = try AddressMap(model: model)
        let second = try AddressMap(model: model)
        #expect(first.entries == second.entries)
        let v4 = try #require(IPNetwork("198.18.0.0/15"))
        for entry in first.entries {
            let mapped = try #require(IPNetwork(entry.mapped))
            #expect(v4.contains(mapped.address))
        }
        let address = try #require(IPAddress("10.20.1.10"))
        let plc = try #require(first.map(address))
        #expect(plc.description == "198.18.65.10")
    }
}
