import ArgumentParser
import DataDiode
import Foundation

struct DiodeKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Write a new random 256-bit pre-shared key (hex) for a diode link.")

    @Option(name: .shortAndLong, help: "The key file to create (mode 0600).")
    var output: String

    @Flag(help: "Replace an existing key file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: output) && !force {
            StandardStream.error("zonectl: \(output) exists; use --force to replace it\n")
            throw ZoneCtlExit.invalidInput
        }
        let temporary = output + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let text = Array((DiodeKey.generate().hexEncoded + "\n").utf8)
        guard descriptor >= 0, write(descriptor, text, text.count) == text.count, close(descriptor) == 0, rename(temporary, output) == 0
        else {
            unlink(temporary)
            StandardStream.error("zonectl: cannot write \(output): \(String(cString: strerror(errno)))\n")
            throw ZoneCtlExit.invalidInput
        }
    }
}
