import ArgumentParser

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Learn assets, flows and roles from captures; propose a zone model and check one against the traffic.",
        subcommands: [BaselineIngestCommand.self, BaselineAssetsCommand.self, BaselineFlowsCommand.self,
                      BaselineProposeCommand.self, BaselineCheckCommand.self])
}

struct StoreOption: ParsableArguments {
    @Option(help: "The baseline database (SQLite), created if missing.")
    var store: String
}

enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
