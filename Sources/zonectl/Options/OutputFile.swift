import ArgumentParser
import Foundation

/// Writes command output to stdout, or atomically to a file so that a failed run leaves no partial file behind.
enum OutputFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            StandardStream.output(text)
            return
        }
        let url = URL(fileURLWithPath: path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            StandardStream.error("\(path): cannot write output: \(error.localizedDescription)\n")
            throw ZoneCtlExit.invalidInput
        }
    }
}
