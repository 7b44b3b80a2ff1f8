import Foundation
import Testing

/// The built zonectl binary (ZONECTL_BINARY, exported by scripts/test), run as a child process.
final class Zonectl {
    let process = Process()
    let standardOutput: String
    let standardError: String

    /// Starts `zonectl arguments…`; nil (with a recorded failure) when ZONECTL_BINARY is not set.
    init?(_ arguments: [String], directory: TemporaryDirectory, label: String, standardInput: String? = nil) {
        guard let binary = ProcessInfo.processInfo.environment["ZONECTL_BINARY"] else {
            Issue.record("ZONECTL_BINARY is not set: run the tests through scripts/test")
            return nil
        }
        standardOutput = directory.file("\(label).out")
        standardError = directory.file("\(label).err")
        _ = FileManager.default.createFile(atPath: standardOutput, contents: nil)
        _ = FileManager.default.createFile(atPath: standardError, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: standardOutput)
        process.standardError = FileHandle(forWritingAtPath: standardError)
        if let standardInput {
            let input = directory.file("\(label).in")
            _ = FileManager.default.createFile(atPath: input, contents: Data(standardInput.utf8))
            process.standardInput = FileHandle(forReadingAtPath: input)
        }
        do { try process.run() } catch {
            Issue.record("cannot start \(binary): \(error)")
            return nil
        }
    }

    /// Waits for the exit status; kills the process and returns nil after `limit`.
    func wait(limit: Duration = .seconds(60)) -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        guard !process.isRunning else {
            process.terminate()
            process.waitUntilExit()
            Issue.record("zonectl \(process.arguments ?? []) did not finish")
            return nil
        }
        return process.terminationStatus
    }

    var errorText: String { (try? String(contentsOfFile: standardError, encoding: .utf8)) ?? "" }
    var outputText: String { (try? String(contentsOfFile: standardOutput, encoding: .utf8)) ?? "" }

    /// Runs to completion.
    static func run(_ arguments: [String], directory: TemporaryDirectory, label: String = "run") -> (status: Int32?, error: String) {
        guard let process = Zonectl(arguments, directory: directory, label: label) else { return (nil, "") }
        return (process.wait(), process.errorText)
    }
}

/// A UDP port free on loopback right now.
func freeUDPPort() -> UInt16 { freePort(Int32(SOCK_DGRAM.rawValue)) }

/// A TCP port free on loopback right now.
func freeTCPPort() -> UInt16 { freePort(Int32(SOCK_STREAM.rawValue)) }

private func freePort(_ type: Int32) -> UInt16 {
    let descriptor = socket(AF_INET, type, 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
    return UInt16(bigEndian: address.sin_port)
}
