import ArgumentParser
import BaselinePolicy
import BaselineStore
import Foundation
import Testbed
import ZoneReport

struct TestbedReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay every flow of a traffic baseline on a testbed and list the flows the design would break.",
        discussion: "Exit code 1 when a flow between zones does not get through.")

    @Argument(help: "Testbed name.")
    var name: String

    @Option(help: "The traffic baseline store (`zonectl baseline ingest`).")
    var store: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let flows = ObservedFlows.from(try BaselineStoreInput.open(store).flows())
        let result = try TestbedCommand.check { () throws(TestbedError) in try Replay.replay(flows, testbed: name) }
        print(json ? try JSONOutput.encode(result) : Replay.text(result), terminator: "")
        if !result.broken.isEmpty { throw ZoneCtlExit.findings }
    }
}
