import Foundation
import Testing
import ZoneCompile
import ZoneCore

/// Every target of every fixture model, in both modes, byte for byte against Fixtures/goldens.
/// `ZONECTL_RECORD_GOLDENS=1` rewrites the goldens in the source tree instead of comparing.
@Suite struct GoldenTests {
    static let record = ProcessInfo.processInfo.environment["ZONECTL_RECORD_GOLDENS"] == "1"

    @Test(arguments: Fixtures.modelNames, [EnforcementMode.enforce, .monitor])
    func matchesGoldens(name: String, mode: EnforcementMode) throws {
        let model = try Fixtures.model(name)
        let files = try Fixtures.compile(model, Platform.supported(by: model), mode: mode)
        let goldens = Fixtures.sourceGoldens.appendingPathComponent("\(name)/\(mode.rawValue)")
        if Self.record {
            try? FileManager.default.removeItem(at: goldens)
            try Compiler.write(files.map { GeneratedFile(path: $0.key, contents: $0.value) }, to: goldens.path)
            return
        }
        let stored = Fixtures.directory.appendingPathComponent("goldens/\(name)/\(mode.rawValue)")
        let storedFiles = try Self.files(under: stored)
        #expect(Set(storedFiles) == Set(files.keys), "generated files differ from the goldens; ZONECTL_RECORD_GOLDENS=1 records")
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            let golden = try? String(contentsOf: stored.appendingPathComponent(path), encoding: .utf8)
            #expect(golden == contents, "\(name)/\(mode.rawValue)/\(path) differs from its golden")
        }
    }

    @Test(arguments: Fixtures.modelNames)
    func compilingTwiceGivesTheSameBytes(name: String) throws {
        let model = try Fixtures.model(name)
        #expect(try Fixtures.compile(model, Platform.supported(by: model)) == Fixtures.compile(model, Platform.supported(by: model)))
    }

    static func files(under root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var result: [String] = []
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            result.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
        }
        return result
    }
}
