import ArgumentParser

struct ZoneCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zonectl",
        abstract: "IEC 62443 zones and conduits as code: check, compile, enforce, verify and report.",
        discussion: """
            Exit codes:
              0   success; no findings at or above --fail-on
              1   findings at or above --fail-on (default: error), or a failed verification
              2   invalid input: unreadable file, bad YAML, bad reference or value
              64  usage error
            """,
        version: ZoneCtlVersion.current,
        subcommands: [
            LintCommand.self,
            PathsCommand.self,
            CompileCommand.self,
            BuildCommand.self,
            ReportCommand.self,
            DiagramCommand.self,
            RulesCommand.self,
            InitCommand.self,
            LogsCommand.self,
            GuardCommand.self,
            SimCommand.self,
            BaselineCommand.self,
            DiodeCommand.self,
            TestbedCommand.self,
            VerifyCommand.self,
        ]
    )
}

enum ZoneCtlVersion {
    static let current = "0.1.0"
}

/// Commands that do not wait on sockets (lint, compile, report and the like) run on the main thread: no hop to
/// a worker thread, and their allocations come from the main heap, which the batch commands keep for the run.
/// Services (guard, simulator, diode, testbed) run as asynchronous commands.
@main
enum ZoneCtlEntry {
    @MainActor
    static func main() async {
        BatchMemory.prepare(for: CommandLine.arguments)
        do {
            var command = try ZoneCtl.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ZoneCtl.exit(withError: error)
        }
    }
}
