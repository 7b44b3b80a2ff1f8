import ArgumentParser

/// The exit-code contract, documented in `zonectl --help` and README.md.
enum ZoneCtlExit {
    /// Findings at or above the gate, or a verification that failed.
    static let findings = ExitCode(1)
    /// The input could not be read or is invalid.
    static let invalidInput = ExitCode(2)
    /// Usage error (ArgumentParser's EX_USAGE).
    static let usage = ExitCode(64)
}
