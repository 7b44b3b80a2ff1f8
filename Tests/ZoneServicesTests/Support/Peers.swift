import Foundation
import Testing

/// The Python interpreter and zonectl binary that scripts/test provides.
enum Peers {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func python() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["ZONECTL_PYTHON"], FileManager.default.isExecutableFile(atPath: path)
        else { throw PeerMissing("ZONECTL_PYTHON is not set to the venv python with pymodbus: run scripts/test") }
        return path
    }

    static func zonectl() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["ZONECTL_BINARY"], FileManager.default.isExecutableFile(atPath: path)
        else { throw PeerMissing("ZONECTL_BINARY is not set to the built zonectl: run scripts/test") }
        return path
    }

    static func script(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("scripts/peers/\(name)").path
    }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }
}

struct PeerMissing: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A child process whose output is read line by line; terminated when the test is done with it.
final class PeerProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let input = Pipe()
    private var buffer = Data()
    private let readsStandardError: Bool

    init(_ executable: String, _ arguments: [String], readStandardError: Bool = false) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        readsStandardError = readStandardError
        if readStandardError {
            process.standardError = output
            process.standardOutput = FileHandle.nullDevice
        } else {
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = input
        try process.run()
    }

    /// The next line of output; nil at end of output.
    func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// Reads lines until one contains `marker`.
    func line(containing marker: String) -> String? {
        while let line = nextLine() {
            if line.contains(marker) { return line }
        }
        return nil
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Runs a command to completion and returns its standard output lines.
    static func run(_ executable: String, _ arguments: [String]) throws -> [String] {
        let peer = try PeerProcess(executable, arguments)
        var lines: [String] = []
        while let line = peer.nextLine() { lines.append(line) }
        peer.process.waitUntilExit()
        return lines
    }
}

/// The pymodbus 3.16 server script: unit 1, holding registers 0...99 start at 1000 + address.
final class PymodbusServer {
    let peer: PeerProcess
    let port: Int

    init() throws {
        peer = try PeerProcess(try Peers.python(), [Peers.script("modbus_server.py")])
        guard let ready = peer.line(containing: "ready"), let port = Int(ready.split(separator: " ").last ?? "") else {
            peer.stop()
            throw PeerMissing("pymodbus server did not start: run scripts/test")
        }
        self.port = port
    }

    deinit { peer.stop() }
}

/// Runs the pymodbus client script against a port.
func pymodbusClient(port: Int, _ steps: [String]) throws -> [String] {
    try PeerProcess.run(try Peers.python(), [Peers.script("modbus_client.py"), "127.0.0.1", String(port)] + steps)
}
