import Foundation

/// What a testbed has created so far, written after every step so that `down` can remove all of it,
/// also after a crash or a half-finished `up`.
public struct TestbedState: Codable, Sendable {
    public var name: String
    public var model: String
    /// The model with its addresses mapped into the test prefixes (what was compiled and is verified).
    public var mappedModel: String
    public var namespaces: [String] = []
    public var processes: [Service] = []
    public var mapping: [AddressMap.Entry] = []
    public var complete = false

    public struct Service: Codable, Sendable {
        public var role: String
        public var namespace: String
        public var pid: Int32
        public var log: String
    }

    public static var root: String {
        ProcessInfo.processInfo.environment["ZONECTL_TESTBED_DIR"] ?? "/run/zonectl/testbed"
    }

    public static func directory(_ name: String) -> String { root + "/" + name }
    static func file(_ name: String) -> String { directory(name) + "/state.json" }

    public static func read(_ name: String) throws(TestbedError) -> TestbedState {
        guard let data = FileManager.default.contents(atPath: file(name)) else {
            throw TestbedError(.notFound, "no testbed named \(name) (no \(file(name))); start one with 'zonectl testbed up MODEL --name \(name)'")
        }
        do { return try JSONDecoder().decode(TestbedState.self, from: data) } catch {
            throw TestbedError(.notFound, "\(file(name)): not a testbed state file (\(error)); 'zonectl testbed down \(name)' removes what is left")
        }
    }

    /// Replaces the state file atomically.
    func save() throws(TestbedError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(self)
            let target = URL(fileURLWithPath: Self.file(name))
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".state.json.tmp")
            try data.write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw TestbedError(.command, "cannot write \(Self.file(name)): \(error)")
        }
    }

    /// Every testbed with a state directory.
    public static func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    }
}
