import DataDiode
import DiodeServices
import Foundation
import Testing

@Suite(.serialized) struct AgentProcessTests {
    @Test func impairedLoopbackTransferIsByteIdentical() throws {
        guard let link = try RelayedLink(impairment: LinkImpairment(profile: .init(loss: 0.01, burstProbability: 0.002, burstLength: 10), seed: 3))
        else { return }
        var generator = SplitMix64(seed: 77)
        let contents = generator.bytes(6_000_000)
        let input = try link.input("historian-export.bin", contents)
        let lines = (0..<200).map { #"{"tag":"TI-\#($0 % 4)","timestamp":\#($0),"value":\#($0),"quality":"good"}"# }.joined(separator: "\n") + "\n"
        guard
            let sender = link.send(
                ["--file", input, "--records-from", "-", "--fec", "64+8", "--rate", "100M", "--state", link.directory.file("sender.state")],
                standardInput: lines)
        else { return }
        #expect(sender.wait() == 0, "\(sender.errorText)")
        #expect(link.receiver.wait() == 0, "\(link.receiver.errorText)")
        #expect(link.relay.counters.dropped > 0 && link.relay.counters.bursts > 0)
        #expect(link.stored("historian-export.bin") == contents)
        #expect(try String(contentsOfFile: link.records, encoding: .utf8) == lines)
        #expect(!(try link.eventLog()).contains(#""event":"gap""#))
        let counters = try link.telemetry()
        #expect(counters.groupsRepaired > 0)
        #expect(counters.filesCompleted == 1)
        #expect(counters.records == 200)
    }

    @Test func aResendDelayBeyondTheLimitIsRefusedWithAClearError() throws {
        let directory = TemporaryDirectory()
        let key = directory.file("k.key")
        #expect(Zonectl.run(["diode", "keygen", "-o", key], directory: directory, label: "a").status == 0)
        let arguments = ["diode", "send", "--to", "127.0.0.1:9", "--key-file", key, "--file", key, "--resend-after", "1e20s"]
        let huge = Zonectl.run(arguments, directory: directory, label: "b")
        #expect(huge.status == 2)
        #expect(huge.error.contains("'1e20s': a re-send delay is at most 25.5 s"))
    }

    @Test func exitCodesFollowTheContract() throws {
        let directory = TemporaryDirectory()
        let key = directory.file("k.key")
        #expect(Zonectl.run(["diode", "keygen", "-o", key], directory: directory, label: "a").status == 0)
        let again = Zonectl.run(["diode", "keygen", "-o", key], directory: directory, label: "b")
        #expect(again.status == 2)
        #expect(again.error.contains("exists"))
        #expect(Zonectl.run(["diode", "send", "--to", "127.0.0.1:9", "--key-file", key], directory: directory, label: "c").status == 64)
        let badKey = directory.file("bad.key")
        try "not a key".write(toFile: badKey, atomically: true, encoding: .utf8)
        let wrongKey = Zonectl.run(["diode", "send", "--to", "127.0.0.1:9", "--key-file", badKey, "--file", key], directory: directory, label: "d")
        #expect(wrongKey.status == 2)
        #expect(wrongKey.error.contains("invalid-key"))
        let badCode = Zonectl.run(
            ["diode", "send", "--to", "127.0.0.1:9", "--key-file", key, "--file", key, "--fec", "200+100"], directory: directory, label: "e")
        #expect(badCode.status == 2)
        let badAddress = Zonectl.run(["diode", "send", "--to", "nowhere", "--key-file", key, "--file", key], directory: directory, label: "f")
        #expect(badAddress.status == 2)
        #expect(badAddress.error.contains("HOST:PORT"))
        let missingOutput = Zonectl.run(
            ["diode", "receive", "--listen", "127.0.0.1:0", "--key-file", key, "--out", directory.file("missing")], directory: directory,
            label: "g")
        #expect(missingOutput.status == 2)
        #expect(missingOutput.error.contains("output folder"))
    }

    /// Through the impairment relay, an outage of 400 datagrams in a row (far beyond what 64+8 with
    /// four interleaved groups repairs) is filled by `--resend-after`: the file and every record arrive
    /// once, with no gap.
    @Test func anOutageBeyondTheCodeIsFilledByTheResendThroughTheRelay() throws {
        guard let link = try RelayedLink(impairment: LinkImpairment(profile: .init(loss: 0.002, outage: 300..<700), seed: 4)) else { return }
        var generator = SplitMix64(seed: 78)
        let contents = generator.bytes(3_000_000)
        let input = try link.input("trend-export.bin", contents)
        let lines = (0..<3000).map { #"{"tag":"PI-\#($0 % 5)","timestamp":\#($0),"value":\#($0),"quality":"good"}"# }.joined(separator: "\n") + "\n"
        guard let sender = link.send(["--file", input, "--records-from", "-", "--rate", "100M", "--resend-after", "1s"], standardInput: lines)
        else { return }
        #expect(sender.wait() == 0, "\(sender.errorText)")
        #expect(link.receiver.wait() == 0, "\(link.receiver.errorText)")
        #expect(link.relay.counters.dropped >= 400)
        #expect(sender.errorText.contains(#""resentGroups":"#) && !sender.errorText.contains(#""resentGroups":0"#))
        #expect(link.stored("trend-export.bin") == contents)
        #expect(try String(contentsOfFile: link.records, encoding: .utf8) == lines)
        #expect(!(try link.eventLog()).contains(#""event":"gap""#))
        let counters = try link.telemetry()
        #expect(counters.groupsLost == 0)
        #expect(counters.filesCompleted == 1)
        #expect(counters.records == 3000)
        #expect(counters.lateShards > 0)
    }
}

/// A receiver process behind an impairment relay on loopback, with a fresh key and output folder.
private final class RelayedLink {
    let directory = TemporaryDirectory()
    let output: String
    let key: String
    let events: String
    let records: String
    let relay: ImpairmentRelay
    let receiver: Zonectl

    init?(impairment: LinkImpairment) throws {
        output = directory.file("out")
        key = directory.file("link.key")
        events = directory.file("events.jsonl")
        records = directory.file("records.jsonl")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        guard Zonectl.run(["diode", "keygen", "-o", key], directory: directory, label: "keygen").status == 0 else {
            Issue.record("keygen failed")
            return nil
        }
        let receiverPort = freeUDPPort()
        relay = try ImpairmentRelay(
            listen: SocketEndpoint(host: "127.0.0.1", port: 0), target: SocketEndpoint(host: "127.0.0.1", port: receiverPort),
            impairment: impairment)
        relay.start()
        guard
            let receiver = Zonectl(
                [
                    "diode", "receive", "--listen", "127.0.0.1:\(receiverPort)", "--key-file", key, "--out", output, "--events", events,
                    "--records-to", records, "--exit-after-idle", "3",
                ], directory: directory, label: "receive")
        else {
            relay.stop()
            return nil
        }
        self.receiver = receiver
        usleep(300_000)
    }

    deinit { relay.stop() }

    /// Writes `contents` as an input file and returns its path.
    func input(_ name: String, _ contents: [UInt8]) throws -> String {
        try Data(contents).write(to: URL(fileURLWithPath: directory.file(name)))
        return directory.file(name)
    }

    /// Runs the sender through the relay with `arguments` after the destination and key.
    func send(_ arguments: [String], standardInput: String) -> Zonectl? {
        Zonectl(
            ["diode", "send", "--to", "127.0.0.1:\(relay.port)", "--key-file", key] + arguments, directory: directory, label: "send",
            standardInput: standardInput)
    }

    /// The receiver's last telemetry line.
    func telemetry() throws -> ReceiverTelemetry {
        let line = try #require(try eventLog().split(separator: "\n").last { $0.contains(#""event":"telemetry""#) })
        return try JSONDecoder().decode(ReceiverTelemetry.self, from: Data(line.utf8))
    }

    func eventLog() throws -> String { try String(contentsOfFile: events, encoding: .utf8) }

    func stored(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: "\(output)/\(name)").map(Array.init) }
}
