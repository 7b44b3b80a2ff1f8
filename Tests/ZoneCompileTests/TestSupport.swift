import Foundation
import TestSupport
import Testing
import ZoneCompile
import ZoneCore

/// Fixture models, compiling them, and running the real peers (nft, ip, python, the zonectl binary).
enum Fixtures {
    static let modelNames = ["refinery-unit3", "dualstack-plant", "packaging-line"]

    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    /// The goldens in the source tree, so that record mode updates the files under version control.
    static var sourceGoldens: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/goldens")
    }

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// The repository's examples folder: `refinery-unit3` is the project's worked example.
    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples").standardizedFileURL
    }

    /// Loads a fixture model (or the example of that name) under its bare file name, so that headers do not
    /// depend on where tests run.
    static func model(_ name: String) throws -> ZoneModel {
        let example = examples.appendingPathComponent("\(name).yaml")
        let url = FileManager.default.fileExists(atPath: example.path) ? example : directory.appendingPathComponent("models/\(name).yaml")
        return try model(data: try Data(contentsOf: url), file: "\(name).yaml")
    }

    static func model(yaml: String, file: String = "inline.yaml") throws -> ZoneModel {
        try model(data: Data(yaml.utf8), file: file)
    }

    private static func model(data: Data, file: String) throws -> ZoneModel {
        let result = ModelLoader.load(data: data, file: file)
        let errors = result.findings.filter { $0.severity == .error }
        guard let model = result.model, errors.isEmpty else {
            throw FixtureError(message: "fixture \(file) does not load: \(errors.map(\.message))")
        }
        return model
    }

    static func compile(_ model: ZoneModel, _ platforms: [Platform], mode: EnforcementMode = .enforce) throws -> [String: String] {
        let result = try Compiler.compile(model, platforms: platforms, mode: mode)
        return Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0.contents) })
    }

    static func file(_ files: [String: String], prefix: String) throws -> String {
        guard let match = files.first(where: { $0.key.hasPrefix(prefix) }) else {
            throw FixtureError(message: "no generated file under \(prefix); files: \(files.keys.sorted())")
        }
        return match.value
    }
}
