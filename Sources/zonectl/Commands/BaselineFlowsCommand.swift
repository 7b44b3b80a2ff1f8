import ArgumentParser
import BaselineStore
import FlowBaseline
import Foundation

struct BaselineFlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows", abstract: "List the flows of the baseline: client, server, transport, port, service and counts.")

    @OptionGroup var storeOption: StoreOption

    @Option(help: "Output format: table, json or csv.")
    var format: TableFormat = .table

    func run() throws {
        let store = try BaselineStoreInput.open(storeOption.store)
        var table = BaselineTable(columns: ["client", "server", "transport", "port", "service", "packets", "bytes", "first_seen", "last_seen", "vlans", "operations", "function_codes", "unit_ids", "details"])
        for flow in try store.flows() {
            table.rows.append([
                flow.key.client.description, flow.key.server.description, FlowTransport.name(flow.key.transport), String(flow.key.port),
                flow.service.id, String(flow.packets), String(flow.bytes), BaselineTable.time(flow.firstSeen), BaselineTable.time(flow.lastSeen),
                flow.vlans.texts.joined(separator: " "), flow.operations.names.joined(separator: " "),
                flow.functionCodes.map { "\($0.code):\($0.count)" }.joined(separator: " "),
                flow.unitIDs.members.map(String.init).joined(separator: " "), flow.details.joined(separator: "; "),
            ])
        }
        print(table.render(format), terminator: "")
    }
}
