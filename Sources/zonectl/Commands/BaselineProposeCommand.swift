import ArgumentParser
import BaselineStore
import BaselinePolicy

struct BaselineProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose", abstract: "Print a zone/conduit model (YAML) proposed from the baseline.")

    @OptionGroup var storeOption: StoreOption

    @Option(help: "Facility name written into the model.")
    var facility = "Observed plant"

    func run() throws {
        let store = try BaselineStoreInput.open(storeOption.store)
        print(ModelProposer.yaml(flows: try store.flows(), assets: try store.assets(), facility: facility), terminator: "")
    }
}
