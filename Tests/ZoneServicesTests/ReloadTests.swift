import Foundation
import ModbusDPI
import NIOCore
import NIOPosix
import Testing
import ZoneServices

/// `zonectl guard --policy` as a process: SIGHUP swaps the policy while a connection stays open.
@Suite struct ReloadTests {
    static func policyText(upstream: Int, codes: [Int]) -> String {
        """
        listeners:
          - conduit: C1-BPCS-OPS
            listen: 127.0.0.1:0
            upstream: 127.0.0.1:\(upstream)
        rules:
          - id: ops
            sources: [127.0.0.0/8]
            functions:
        \(codes.map { "      - code: \($0)" }.joined(separator: "\n"))
        """
    }

    @Test func sighupReloadsWithoutDroppingConnections() async throws {
        let binary = try Peers.zonectl()
        let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0).port!
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guard-reload-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policy.yaml")
        try Self.policyText(upstream: upstream, codes: [3]).write(to: file, atomically: true, encoding: .utf8)

        let guardProcess = try PeerProcess(binary, ["guard", "--policy", file.path], readStandardError: true)
        defer { guardProcess.stop() }
        let listening = try #require(guardProcess.line(containing: "listening on"))
        let port = try #require(listening.firstMatch(of: #/127\.0\.0\.1:(\d+)/#).flatMap { Int($0.1) })

        let client = try await TestModbusClient(port: port)
        #expect(try await client.request(ModbusFrame(1, hex: "06 0001 0005")) == "8601")
        try Self.policyText(upstream: upstream, codes: [3, 6]).write(to: file, atomically: true, encoding: .utf8)
        kill(guardProcess.process.processIdentifier, SIGHUP)
        #expect(guardProcess.line(containing: "policy reload") == "zonectl guard: policy reloaded")
        #expect(try await client.request(ModbusFrame(2, hex: "06 0001 0005")) == "060001" + "0005")
        #expect(try await client.request(ModbusFrame(3, hex: "03 0001 0001")) == "03020005")

        // A broken file keeps the running policy.
        try "rules: [".write(to: file, atomically: true, encoding: .utf8)
        kill(guardProcess.process.processIdentifier, SIGHUP)
        #expect(guardProcess.line(containing: "policy reload")?.contains("failed") == true)
        #expect(try await client.request(ModbusFrame(4, hex: "06 0001 0007")) == "060001" + "0007")
        await client.close()
        await simulator.stop()
    }

    @Test func timeoutsFromTheCommandLineCloseAStalledClient() async throws {
        let binary = try Peers.zonectl()
        let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
        let upstream = try await simulator.start(host: "127.0.0.1", port: 0).port!
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guard-timeouts-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policy.yaml")
        try Self.policyText(upstream: upstream, codes: [3]).write(to: file, atomically: true, encoding: .utf8)

        let guardProcess = try PeerProcess(
            binary, ["guard", "--policy", file.path, "--partial-frame-timeout", "150", "--idle-timeout", "60"],
            readStandardError: true)
        defer { guardProcess.stop() }
        let listening = try #require(guardProcess.line(containing: "listening on"))
        let port = try #require(listening.firstMatch(of: #/127\.0\.0\.1:(\d+)/#).flatMap { Int($0.1) })
        #expect(guardProcess.line(containing: "timeouts:") == "zonectl guard: timeouts: partial frame 150 ms, idle 60 s; 64 connections per source")

        // Three bytes of an MBAP header, then nothing: the guard closes the connection.
        let closed = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
        try await closed.writeAndFlush(ByteBuffer(bytes: [0x00, 0x01, 0x00])).get()
        try await closed.closeFuture.get()
        await simulator.stop()
    }

    @Test func unloadablePolicyFailsClosedWithExitTwo() throws {
        let binary = try Peers.zonectl()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["guard", "--model", Peers.repositoryRoot.appendingPathComponent(
            "Tests/ZoneCoreTests/Fixtures/seed-step1.yaml").path, "--conduit", "C1-BPCS-OPS",
                             "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
    }
}
