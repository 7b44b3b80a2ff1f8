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

    /// `zonectl guard --policy` in front of a simulator, with the policy file in a directory of its own.
    /// `teardown` stops the guard process and the simulator and removes the directory, also when the test
    /// fails partway, even inside this initialiser.
    struct RunningGuard {
        let file: URL
        let upstream: Int
        let process: PeerProcess
        let port: Int

        init(name: String, codes: [Int], arguments: [String] = [], teardown: Teardown) async throws {
            let simulator = ModbusSimulator(units: [1], group: MultiThreadedEventLoopGroup.singleton)
            teardown.add { await simulator.stop() }
            upstream = try #require(try await simulator.start(host: "127.0.0.1", port: 0).port)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(name)-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            teardown.add { try? FileManager.default.removeItem(at: directory) }
            file = directory.appendingPathComponent("policy.yaml")
            try ReloadTests.policyText(upstream: upstream, codes: codes).write(to: file, atomically: true, encoding: .utf8)
            let process = try PeerProcess(try Peers.zonectl(), ["guard", "--policy", file.path] + arguments,
                                          readStandardError: true)
            teardown.add { process.stop() }
            self.process = process
            let listening = process.line(containing: "listening on")
            port = try #require(listening?.firstMatch(of: #/127\.0\.0\.1:(\d+)/#).flatMap { Int($0.1) })
        }
    }

    @Test func sighupReloadsWithoutDroppingConnections() async throws {
        try await withTeardown { teardown in
            let running = try await RunningGuard(name: "reload", codes: [3], teardown: teardown)
            let client = try await TestModbusClient(port: running.port)
            teardown.add { await client.close() }
            #expect(try await client.request(ModbusFrame(1, hex: "06 0001 0005")) == "8601")
            try Self.policyText(upstream: running.upstream, codes: [3, 6]).write(to: running.file, atomically: true, encoding: .utf8)
            kill(running.process.process.processIdentifier, SIGHUP)
            #expect(running.process.line(containing: "policy reload") == "zonectl guard: policy reloaded")
            #expect(try await client.request(ModbusFrame(2, hex: "06 0001 0005")) == "060001" + "0005")
            #expect(try await client.request(ModbusFrame(3, hex: "03 0001 0001")) == "03020005")

            // A broken file keeps the running policy.
            try "rules: [".write(to: running.file, atomically: true, encoding: .utf8)
            kill(running.process.process.processIdentifier, SIGHUP)
            #expect(running.process.line(containing: "policy reload")?.contains("failed") == true)
            #expect(try await client.request(ModbusFrame(4, hex: "06 0001 0007")) == "060001" + "0007")
        }
    }

    @Test func thePartialFrameTimeoutFromTheCommandLineClosesAStalledClient() async throws {
        try await withTeardown { teardown in
            // An idle timeout of a day: only the partial-frame timeout of one second can close the connection.
            let running = try await RunningGuard(
                name: "timeouts", codes: [3], arguments: ["--partial-frame-timeout", "1000", "--idle-timeout", "86400"],
                teardown: teardown)
            #expect(
                running.process.line(containing: "timeouts:")
                    == "zonectl guard: timeouts: partial frame 1000 ms, idle 86400 s; 64 connections per source")

            // Three bytes of an MBAP header, then nothing: the guard closes the connection.
            let stalled = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: running.port).get()
            teardown.add { try? await stalled.close() }
            try await stalled.writeAndFlush(ByteBuffer(bytes: [0x00, 0x01, 0x00])).get()
            // A generous deadline, only to tell "closed by the timeout" from "never closed".
            let closedByGuard = try await withThrowingTaskGroup(of: Bool.self) { tasks in
                tasks.addTask {
                    try await stalled.closeFuture.get()
                    return true
                }
                tasks.addTask {
                    try await Task.sleep(for: .seconds(5))
                    return false
                }
                let first = try await tasks.next() ?? false
                tasks.cancelAll()
                if !first { try? await stalled.close() }
                return first
            }
            #expect(closedByGuard, "the guard did not close a connection stalled inside a frame within 5 s")
        }
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
