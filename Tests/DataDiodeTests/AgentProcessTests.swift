import DataDiode
import DiodeServices
import Foundation
import Testing

@Suite(.serialized) struct AgentProcessTests {
    @Test func impairedLoopbackTransferIsByteIdentical() throws {
        let directory = TemporaryDirectory()
        let output = directory.file("out")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let key = directory.file("link.key")
        guard Zonectl.run(["diode", "keygen", "-o", key], directory: directory, label: "keygen").status == 0 else {
            Issue.record("keygen failed")
            return
        }
        var generator = SplitMix64(seed: 77)
        let contents = generator.bytes(6_000_000)
        let input = directory.file("historian-export.bin")
        try Data(contents).write(to: URL(fileURLWithPath: input))
        let receiverPort = freeUDPPort()
        let relay = try ImpairmentRelay(
            listen: SocketEndpoint(host: "127.0.0.1", port: 0), target: SocketEndpoint(host: "127.0.0.1", port: receiverPort),
            impairment: LinkImpairment(profile: .init(loss: 0.01, burstProbability: 0.002, burstLength: 10), seed: 3))
        relay.start()
        defer { relay.stop() }
        let events = directory.file("events.jsonl")
        let records = directory.file("records.jsonl")
        guard
            let receiver = Zonectl(
                [
                    "diode", "receive", "--listen", "127.0.0.1:\(receiverPort)", "--key-file", key, "--out", output, "--events", events,
                    "--records-to", records, "--exit-after-idle", "3",
                ], directory: directory, label: "receive")
        else { return }
        usleep(300_000)
        let lines = (0..<200).map { #"{"tag":"TI-\#($0 % 4)","timestamp":\#($0),"value":\#($0),"quality":"good"}"# }.joined(separator: "\n") + "\n"
        guard
            let sender = Zonectl(
                [
                    "diode", "send", "--to", "127.0.0.1:\(relay.port)", "--key-file", key, "--file", input, "--records-from", "-",
                    "--fec", "64+8", "--rate", "100M", "--state", directory.file("sender.state"),
                ], directory: directory, label: "send", standardInput: lines)
        else { return }
        #expect(sender.wait() == 0, "\(sender.errorText)")
        #expect(receiver.wait() == 0, "\(receiver.errorText)")
        #expect(relay.counters.dropped > 0 && relay.counters.bursts > 0)
        #expect(FileManager.default.contents(atPath: "\(output)/historian-export.bin").map(Array.init) == contents)
        let delivered = try String(contentsOfFile: records, encoding: .utf8)
        #expect(delivered == lines)
        let log = try String(contentsOfFile: events, encoding: .utf8)
        #expect(!log.contains(#""event":"gap""#))
        let telemetry = try #require(log.split(separator: "\n").last { $0.contains(#""event":"telemetry""#) })
        let counters = try JSONDecoder().decode(ReceiverTelemetry.self, from: Data(telemetry.utf8))
        #expect(counters.groupsRepaired > 0)
        #expect(counters.filesCompleted == 1)
        #expect(counters.records == 200)
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
        let directory = TemporaryDirectory()
        let output = directory.file("out")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let key = directory.file("link.key")
        guard Zonectl.run(["diode", "keygen", "-o", key], directory: directory, label: "keygen").status == 0 else {
            Issue.record("keygen failed")
            return
        }
        var generator = SplitMix64(seed: 78)
        let contents = generator.bytes(3_000_000)
        let input = directory.file("trend-export.bin")
        try Data(contents).write(to: URL(fileURLWithPath: input))
        let receiverPort = freeUDPPort()
        let relay = try ImpairmentRelay(
            listen: SocketEndpoint(host: "127.0.0.1", port: 0), target: SocketEndpoint(host: "127.0.0.1", port: receiverPort),
            impairment: LinkImpairment(profile: .init(loss: 0.002, outage: 300..<700), seed: 4))
        relay.start()
        defer { relay.stop() }
        let events = directory.file("events.jsonl")
        let records = directory.file("records.jsonl")
        guard
            let receiver = Zonectl(
                [
                    "diode", "receive", "--listen", "127.0.0.1:\(receiverPort)", "--key-file", key, "--out", output, "--events", events,
                    "--records-to", records, "--exit-after-idle", "3",
                ], directory: directory, label: "receive")
        else { return }
        usleep(300_000)
        let lines = (0..<3000).map { #"{"tag":"PI-\#($0 % 5)","timestamp":\#($0),"value":\#($0),"quality":"good"}"# }.joined(separator: "\n") + "\n"
        guard
            let sender = Zonectl(
                [
                    "diode", "send", "--to", "127.0.0.1:\(relay.port)", "--key-file", key, "--file", input, "--records-from", "-",
                    "--rate", "100M", "--resend-after", "1s",
                ], directory: directory, label: "send", standardInput: lines)
        else { return }
        #expect(sender.wait() == 0, "\(sender.errorText)")
        #expect(receiver.wait() == 0, "\(receiver.errorText)")
        #expect(relay.counters.dropped >= 400)
        #expect(sender.errorText.contains(#""resentGroups":"#) && !sender.errorText.contains(#""resentGroups":0"#))
        #expect(FileManager.default.contents(atPath: "\(output)/trend-export.bin").map(Array.init) == contents)
        #expect(try String(contentsOfFile: records, encoding: .utf8) == lines)
        let log = try String(contentsOfFile: events, encoding: .utf8)
        #expect(!log.contains(#""event":"gap""#))
        let telemetry = try #require(log.split(separator: "\n").last { $0.contains(#""event":"telemetry""#) })
        let counters = try JSONDecoder().decode(ReceiverTelemetry.self, from: Data(telemetry.utf8))
        #expect(counters.groupsLost == 0)
        #expect(counters.filesCompleted == 1)
        #expect(counters.records == 3000)
        #expect(counters.lateShards > 0)
    }
}
