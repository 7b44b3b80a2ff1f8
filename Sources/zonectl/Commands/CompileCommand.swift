import ArgumentParser
import Foundation
import ZoneCompile
import ZoneCore

extension EnforcementMode: ExpressibleByArgument {}

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a zone/conduit model into firewall, switch, IDS and Modbus guard configurations.",
        discussion: """
            Targets: \(targetNames).
            `all` compiles every target the model supports (device targets only when the devices section has one).
            The output folder is written completely or not at all. Exit 1 when rule analysis finds a conflict.
            """)

    @Argument(help: "The model file (YAML).")
    var model: String

    @Option(name: .long, help: "What to compile: a target, several separated by commas, or all.")
    var target: String = "all"

    @Option(name: .shortAndLong, help: "The output folder (replaced as a whole).")
    var output: String

    @Option(help: "enforce: deny what no conduit allows; monitor: log and permit it instead.")
    var mode: EnforcementMode = .enforce

    @Flag(help: "Print how long loading, compiling (with rule analysis) and the whole run took (stderr).")
    var timings = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let (loaded, _) = try ModelInput.load(model)
        let loadTime = clock.now - started
        let platforms: [Platform]
        if target == "all" {
            platforms = Platform.supported(by: loaded)
        } else {
            platforms = try target.split(separator: ",").map { name in
                guard let platform = Platform(rawValue: String(name)) else {
                    throw ValidationError("unknown target '\(name)'; use one of: \(Self.targetNames)")
                }
                return platform
            }
        }
        let result = try CompileRun.compileAndWrite(loaded, platforms: platforms, mode: mode, to: output)
        BatchMemory.holdUntilExit(result)
        if timings {
            let total = clock.now - started
            StandardStream.error(
                "timings: load \(Self.milliseconds(loadTime)) ms, compile \(Self.milliseconds(result.duration)) ms, total \(Self.milliseconds(total)) ms\n")
        }
        if result.hasConflicts { throw ZoneCtlExit.findings }
    }

    /// Every target name and `all`, comma-separated. A plain loop: the generic `joined` runs unspecialized here
    /// and looks up type metadata by name on every start.
    static var targetNames: String {
        var names = ""
        for platform in Platform.allCases {
            names += platform.rawValue
            names += ", "
        }
        return names + "all"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

/// Compiling and writing, with compile errors printed the way load errors are (exit 2).
enum CompileRun {
    static func compileAndWrite(
        _ model: ZoneModel, platforms: [Platform], mode: EnforcementMode, to output: String, extraFiles: [GeneratedFile] = []
    ) throws -> CompileResult {
        do {
            let result = try Compiler.compile(model, platforms: platforms, mode: mode)
            try Compiler.write(result.files + extraFiles, to: output)
            for finding in result.findings {
                StandardStream.error("\(finding.kind == .conflict ? "error" : "warning"): \(finding)\n")
            }
            return result
        } catch {
            StandardStream.error("\(error)\n")
            throw ZoneCtlExit.invalidInput
        }
    }
}
