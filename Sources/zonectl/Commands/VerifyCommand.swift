import ArgumentParser
import Foundation
import Testbed
import ZoneCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Validate the zone architecture (Step 5): every conduit path open, every other path blocked, protocol enforcement, diodes.",
        discussion: """
            --testbed probes a testbed from inside its zone namespaces; --from-zone probes a real network from this host,
            which must hold an address in that zone. Exit 1 when any expectation fails. See docs/testbed.md.
            """)

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(help: "The testbed to probe (from 'zonectl testbed up').")
    var testbed: String?

    @Option(name: .customLong("from-zone"), help: "Probe the real network from this host, a member of this zone.")
    var fromZone: String?

    @Option(help: "Write the results (ZoneCore ValidationResults, read by 'zonectl report --validation') to this file.")
    var json: String?

    func validate() throws {
        guard (testbed == nil) != (fromZone == nil) else { throw ValidationError("give exactly one of --testbed NAME or --from-zone ZONE") }
    }

    func run() throws {
        let results = try TestbedCommand.check { () throws(TestbedError) -> ValidationResults in
            if let testbed {
                guard geteuid() == 0 else { throw TestbedError(.notRoot, "probing a testbed's namespaces needs root: run 'sudo zonectl verify ...'") }
                return try Verifier.verify(model: model, testbed: testbed)
            }
            return try Verifier.verify(model: model, fromZone: fromZone ?? "", localAddresses: LocalAddresses.all())
        }
        guard let loaded = ModelLoader.load(path: model).model else { throw ZoneCtlExit.invalidInput }
        print(Verifier.text(results, model: loaded), terminator: "")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try OutputFile.write(String(decoding: try encoder.encode(results), as: UTF8.self) + "\n", to: json)
        }
        if !results.allPassed { throw ZoneCtlExit.findings }
    }
}
