import ArgumentParser
import BaselineStore
import FlowBaseline
import Foundation

struct BaselineAssetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets", abstract: "List the assets of the baseline with role, Purdue level and evidence.")

    @OptionGroup var storeOption: StoreOption

    @Option(help: "Output format: table, json or csv.")
    var format: TableFormat = .table

    func run() throws {
        let store = try BaselineStoreInput.open(storeOption.store)
        var table = BaselineTable(columns: ["address", "role", "confidence", "purdue_level", "macs", "vendors", "vlans", "first_seen", "last_seen", "evidence"])
        for asset in try store.assets() {
            table.rows.append([
                asset.address.description, asset.role.rawValue, String(format: "%.2f", asset.confidence), asset.purdueText,
                asset.macs.joined(separator: " "), asset.vendors.joined(separator: "; "), asset.vlans.joined(separator: " "),
                BaselineTable.time(asset.firstSeen), BaselineTable.time(asset.lastSeen),
                (asset.evidence + asset.details).joined(separator: "; "),
            ])
        }
        print(table.render(format), terminator: "")
    }
}

enum BaselineStoreInput {
    /// Opens an existing store; a missing file is invalid input (exit 2) rather than a new empty store.
    static func open(_ path: String) throws -> BaselineStore {
        guard FileManager.default.fileExists(atPath: path) else {
            StandardStream.error("zonectl: no baseline store at \(path); run `zonectl baseline ingest --store \(path) CAPTURE` first\n")
            throw ZoneCtlExit.invalidInput
        }
        do { return try BaselineStore(path: path) } catch {
            StandardStream.error("zonectl: \(error)\n")
            throw ZoneCtlExit.invalidInput
        }
    }
}
