import Crypto
import Foundation
import Yams

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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "the file does not exist or cannot be read"
            return failure(path, "cannot read model file: \(reason)")
        }
        return load(data: data, file: path)
    }

    public static func load(yaml: String, file: String = "<model>") -> ModelLoadResult {
        load(data: Data(yaml.utf8), file: file)
    }

    public static func load(data: Data, file: String) -> ModelLoadResult {
        guard let text = String(data: data, encoding: .utf8) else {
            return failure(file, "the model file is not UTF-8 text")
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let root: Node?
        do {
            // Tags are not resolved: zonectl reads every scalar as text itself, and regex tag resolution dominates load time.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return syntaxFailure(file, error, text: text)
        } catch {
            return failure(file, "YAML error: \(error)")
        }
        guard let root else {
            return failure(file, "the model file is empty; `zonectl init` writes a starter model")
        }
        let context = LoadContext(file: file)
        var model = ZoneModel(file: file, sha256: digest)
        let channelNodes = ModelParser(context: context).parse(root, into: &model)
        ReferenceResolver(context: context).resolve(&model, channelNodes: channelNodes)
        return ModelLoadResult(model: model, findings: context.findings)
    }

    private static func failure(_ file: String, _ message: String, line: Int = 1, column: Int = 1) -> ModelLoadResult {
        let finding = Finding(
            ruleID: LoaderRule.yamlSyntax.id, severity: .error, message: message,
            location: SourceLocation(file: file, line: line, column: column))
        return ModelLoadResult(model: nil, findings: [finding])
    }

    private static func syntaxFailure(_ file: String, _ error: YamlError, text: String) -> ModelLoadResult {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var message = "YAML syntax error: \(problem)"
            if let context { message += " \(context.text)" }
            // libyaml reports a tab in indentation as a token it cannot start; say what it really is.
            if mark.line >= 1 && mark.line <= lines.count {
                let line = lines[mark.line - 1]
                if let tab = line.prefix(while: { $0 == " " || $0 == "\t" }).firstIndex(of: "\t") {
                    let column = line.distance(from: line.startIndex, to: tab) + 1
                    return failure(
                        file, "YAML syntax error: tab character in indentation; YAML indents with spaces only",
                        line: mark.line, column: column)
                }
            }
            return failure(file, message, line: mark.line, column: mark.column)
        case .reader(let problem, let offset, _, _):
            return failure(file, "YAML reader error: \(problem) at byte \(offset ?? 0)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return failure(file, "duplicate keys in a mapping: \(duplicates.joined(separator: ", ")) \(context.text)",
                           line: context.mark.line, column: context.mark.column)
        default:
            return failure(file, "YAML error: \(error)")
        }
    }
}
