import Foundation
import ArgumentParser
import ZoneCore
import ZoneReport

struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Show who may initiate what to whom: every path between two zones, with the services on each hop.",
        discussion: """
            Paths continue only through zones that forward; a DMZ (level 3.5, or `terminates: true`) terminates
            connections. --assume-compromise lets every zone forward: the attacker's view.
            """)

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(help: "The zone that initiates (its id, or the start of it such as Z5).")
    var from: String

    @Option(help: "The target zone; without it, every zone reachable from --from is listed.")
    var to: String?

    @Flag(help: "Treat every zone, the DMZ too, as forwarding.")
    var assumeCompromise = false

    @Option(help: "Most paths to print.")
    var limit = 100

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let (loaded, _) = try ModelInput.load(model)
        let source = try ModelInput.zone(from, in: loaded)
        let graph = ReachabilityGraph(model: loaded, assumeCompromise: assumeCompromise)
        guard let to else {
            let reachable = graph.reachable(from: source).sorted()
            if json {
                print(try JSONOutput.encode(["from": [source], "reachable": reachable]), terminator: "")
            } else {
                print(reachable.isEmpty ? "\(source) reaches no other zone" : "\(source) reaches: \(reachable.joined(separator: ", "))")
            }
            return
        }
        let target = try ModelInput.zone(to, in: loaded)
        let paths = graph.paths(from: source, to: target, limit: limit)
        if json {
            let encoded = paths.map { path in path.map { ["from": $0.from, "to": $0.to, "conduits": $0.conduits.joined(separator: ","), "services": $0.services.joined(separator: "; ")] } }
            print(try JSONOutput.encode(encoded), terminator: "")
            return
        }
        if paths.isEmpty {
            print("no path from \(source) to \(target)\(assumeCompromise ? "" : " (zones that terminate traffic stop a path; try --assume-compromise)")")
            return
        }
        for (number, path) in paths.enumerated() {
            print("path \(number + 1): " + ([source] + path.map(\.to)).joined(separator: " -> "))
            for hop in path {
                print("  \(hop.from) -> \(hop.to) via \(hop.conduits.joined(separator: ", ")): \(hop.services.joined(separator: "; "))")
            }
        }
    }
}
