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

    /// The size in bytes of the regular file at `path`; 0 for anything else.
    static func size(of path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0
    }
}

extension ModelInput {
    /// A zone named on the command line: its id or the unique start of it (`Z5` for `Z5-ENT`).
    static func zone(_ name: String, in model: ZoneModel) throws -> String {
        switch ZoneNameMatcher.resolve(name, in: model.zones) {
        case .zone(let id): return id
        case .none: throw ValidationError("no zone '\(name)' in the model; zones: \(model.zones.map(\.id).joined(separator: ", "))")
        case .ambiguous(let ids): throw ValidationError("'\(name)' could be any of \(ids.joined(separator: ", "))")
        }
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
            StandardStream.error(line(finding) + "\n")
        }
    }
}
