import ArgumentParser

struct DiodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diode",
        abstract: "One-way transfer agents for a data diode: keys, sender, receiver and a link validator.",
        subcommands: [DiodeKeygenCommand.self, DiodeSendCommand.self, DiodeReceiveCommand.self, DiodeValidateCommand.self]
    )
}
