import ArgumentParser
import Foundation
import ZoneCore

/// Loading a model for a command: prints load findings to stderr and exits 2 when the input is invalid.
enum ModelInput {
    static func load(_ path: String) throws -> (ZoneModel, [Finding]) {
        let result = ModelLoader.load(path: path)
        guard let model = result.model, !result.isInvalid else {
            Diagnostics.printToStderr(result.findings.filter { $0.severity == .error })
            throw ZoneCtlExit.invalidInput
        }
        return (model, result.findings)
    }
}

enum Diagnostics {
    /// Compiler-style lines: `file:line:col: error[ZC030]: message`.
    static func line(_ finding: Finding) -> String {
        let place = finding.location.map { "\($0): " } ?? ""
        return "\(place)\(finding.severity.rawValue)[\(finding.ruleID)]: \(finding.message)"
    }

    static func printToStderr(_ findings: [Finding]) {
        for finding in Finding.sortedForOutput(findings) {
            FileHandle.standardError.write(Data((line(finding) + "\n").utf8))
        }
    }
}
