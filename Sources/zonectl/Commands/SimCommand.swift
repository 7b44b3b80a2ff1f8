import ArgumentParser

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Run protocol simulators for tests, benchmarks and testbeds.",
        subcommands: [SimModbusCommand.self])
}
