import Foundation

/// Runs the system tools the testbed is built with (`ip`, `nft`) and starts its background services.
public struct Shell: Sendable {
    public let ip: String
    public let nft: String

    /// Finds the tools on PATH; the error says which package to install.
    public static func locate() throws(TestbedError) -> Shell {
        guard let ip = which("ip") else {
            throw TestbedError(.missingTool, "'ip' not found: install iproute2 (apt-get install iproute2, or scripts/install-peers)")
        }
        guard let nft = which("nft") else {
            throw TestbedError(.missingTool, "'nft' not found: install nftables (apt-get install nftables, or scripts/install-peers)")
        }
        return Shell(ip: ip, nft: nft)
    }

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        let directories = path.split(separator: ":").map(String.init)
        return directories.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String], input: String? = nil) throws(TestbedError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        if input == nil { process.standardInput = FileHandle.nullDevice } else { process.standardInput = stdin }
        do { try process.run() } catch {
            throw TestbedError(.command, "cannot run \(executable): \(error)")
        }
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw TestbedError(.command, "\(([executable] + arguments).joined(separator: " ")) failed: \(message)")
        }
        return String(decoding: out, as: UTF8.self)
    }

    func runIP(_ arguments: String...) throws(TestbedError) { try run(ip, arguments) }

    /// Loads an nftables ruleset inside a namespace.
    func nft(in namespace: String, _ ruleset: String) throws(TestbedError) {
        try run(ip, ["netns", "exec", namespace, nft, "-f", "-"], input: ruleset)
    }

    func sysctl(in namespace: String, _ settings: [String]) throws(TestbedError) {
        let script = settings.map { setting in
            let parts = setting.split(separator: "=")
            return "echo \(parts[1]) > /proc/sys/" + parts[0].replacingOccurrences(of: ".", with: "/")
        }.joined(separator: "; ")
        try run(ip, ["netns", "exec", namespace, "/bin/sh", "-c", script])
    }

    /// Starts a long-running process inside a namespace (`ip netns exec` replaces itself with the program, so the
    /// pid is the program's), with its output in `log`; the process outlives this one.
    func start(in namespace: String, _ arguments: [String], log: String) throws(TestbedError) -> Int32 {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: log) else { throw TestbedError(.service, "cannot write \(log)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments = ["netns", "exec", namespace] + arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw TestbedError(.service, "cannot start \(arguments.joined(separator: " ")): \(error)") }
        return process.processIdentifier
    }

    /// The pids of every process inside a namespace.
    func pids(in namespace: String) -> [Int32] {
        let text = (try? run(ip, ["netns", "pids", namespace])) ?? ""
        return text.split(whereSeparator: \.isNewline).compactMap { Int32($0) }
    }

    func namespaces() -> [String] {
        let text = (try? run(ip, ["netns", "list"])) ?? ""
        return text.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: " ").first.map(String.init) }
    }
}
