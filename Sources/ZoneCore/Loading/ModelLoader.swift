import Crypto
import Foundation

/// The outcome of reading a model: the model (unless the file could not be parsed at all) and every finding made.
public struct ModelLoadResult: Sendable {
    public var model: ZoneModel?
    public var findings: [Finding]

    /// True when the input is invalid: unreadable, not YAML, or with a load-phase error (exit code 2).
    public var isInvalid: Bool { model == nil || findings.contains { $0.severity == .error } }
}

/// Reads zone/conduit models written in the zone document format of IEC 62443-3-2 (see docs/model.md).
public enum ModelLoader {
    /// Reads and parses the file at `path`. Never throws: problems come back as findings with locations.
    public static func load(path: String) -> ModelLoadResult {
        switch FileBytes.contents(of: path) {
        case .success(let data): return load(data: data, file: path)
        case .failure(let error): return failure(path, "cannot read model file: \(error.reason)")
        }
    }

    public static func load(yaml: String, file: String = "<model>") -> ModelLoadResult {
        load(data: Data(yaml.utf8), file: file)
    }

    public static func load(data: Data, file: String) -> ModelLoadResult {
        // The digest goes into every generated header, and the text must be UTF-8; both are worked out while
        // libyaml reads the text.
        let (parsed, (digest, text)) = data.withUnsafeBytes { raw in
            YAMLDocument.parse(raw.bindMemory(to: UInt8.self)) {
                let digest = SHA256.hash(data: data).map { byte in (byte < 0x10 ? "0" : "") + String(byte, radix: 16) }.joined()
                return (digest, String(data: data, encoding: .utf8))
            }
        }
        guard let text else { return failure(file, "the model file is not UTF-8 text") }
        let document: YAMLDocument
        switch parsed {
        case .success(let parsedDocument): document = parsedDocument
        case .failure(let error): return syntaxFailure(file, error, text: text)
        }
        return document.withRootNode { root in
            guard let root else { return failure(file, "the model file is empty; `zonectl init` writes a starter model") }
            let context = LoadContext(file: file)
            var model = ZoneModel(file: file, sha256: digest)
            let channelNodes = ModelParser(context: context).parse(root, into: &model)
            ReferenceResolver(context: context).resolve(&model, channelNodes: channelNodes)
            return ModelLoadResult(model: model, findings: context.findings)
        }
    }

    private static func failure(_ file: String, _ message: String, line: Int = 1, column: Int = 1) -> ModelLoadResult {
        let finding = Finding(
            ruleID: LoaderRule.yamlSyntax.id, severity: .error, message: message,
            location: SourceLocation(file: file, line: line, column: column))
        return ModelLoadResult(model: nil, findings: [finding])
    }

    private static func syntaxFailure(_ file: String, _ error: YAMLSyntaxError, text: String) -> ModelLoadResult {
        switch error.kind {
        case .syntax:
            // libyaml reports a tab in indentation as a token it cannot start; say what it really is.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if error.line >= 1 && error.line <= lines.count {
                let line = lines[error.line - 1]
                if let tab = line.prefix(while: { $0 == " " || $0 == "\t" }).firstIndex(of: "\t") {
                    let column = line.distance(from: line.startIndex, to: tab) + 1
                    return failure(
                        file, "YAML syntax error: tab character in indentation; YAML indents with spaces only",
                        line: error.line, column: column)
                }
            }
            let context = error.context.map { " \($0)" } ?? ""
            return failure(file, "YAML syntax error: \(error.problem)\(context)", line: error.line, column: error.column)
        case .duplicateKey:
            return failure(file, "YAML error: \(error.problem)", line: error.line, column: error.column)
        case .reader:
            return failure(file, "YAML reader error: \(error.problem) at byte \(error.offset)")
        case .memory:
            return failure(file, "YAML error: \(error.problem)")
        }
    }
}
