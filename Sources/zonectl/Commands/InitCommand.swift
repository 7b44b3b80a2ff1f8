import ArgumentParser
import Foundation
import ZoneCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented starter model.")

    @Argument(help: "Where to write the model (default: standard output).")
    var file: String?

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        if let file, FileManager.default.fileExists(atPath: file), !force {
            throw ValidationError("\(file) exists; pass --force to overwrite it")
        }
        try OutputFile.write(StarterModel.text, to: file)
    }
}
