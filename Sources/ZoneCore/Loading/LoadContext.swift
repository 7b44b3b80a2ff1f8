/// Collects findings while a model file is read, and turns YAML nodes into located values.
final class LoadContext {
    let file: String
    private(set) var findings: [Finding] = []

    init(file: String) { self.file = file }

    /// Adds what a context working on one part of the model found, in the order the parts appear.
    func append(_ partFindings: [Finding]) { findings += partFindings }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    func error(_ rule: LoaderRule, _ message: String, at node: YAMLNode, subject: String? = nil) {
        error(rule, message, at: location(node), subject: subject)
    }

    func error(_ rule: LoaderRule, _ message: String, at location: SourceLocation, subject: String? = nil) {
        findings.append(Finding(ruleID: rule.id, severity: .error, message: message, location: location, subject: subject))
    }

    func unknownKey(_ key: String, at node: YAMLNode, in context: String) {
        findings.append(
            Finding(
                ruleID: LoaderRule.unknownKey.id, severity: .warning,
                message: "unknown key '\(key)' in \(context) is ignored", location: location(node)))
    }

    /// The key/value pairs of a mapping, or nil (with an error) when the node is not a mapping.
    func pairs(_ node: YAMLNode, _ what: String) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)]? {
        guard node.kind == .mapping else {
            error(.invalidValue, "\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        return node.pairs.map { (key: $0.key.scalarText ?? "", keyNode: $0.key, value: $0.value) }
    }

    /// The items of a sequence; a lone scalar counts as a one-item list, null as an empty one.
    func items(_ node: YAMLNode, _ what: String) -> [YAMLNode] {
        switch node.kind {
        case .sequence: return node.items
        case .scalar: return node.isNull ? [] : [node]
        case .mapping:
            error(.invalidValue, "\(what) must be a list", at: node)
            return []
        }
    }

    /// The text of a scalar, or nil (with an error) for a list or mapping; null gives nil without an error.
    func string(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = node.scalarText else {
            error(.invalidValue, "\(what) must be a single value, not a list or mapping", at: node)
            return nil
        }
        return node.isNull ? nil : text
    }

    func strings(_ node: YAMLNode, _ what: String) -> [String] {
        items(node, what).compactMap { string($0, what) }
    }

    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(.invalidValue, "\(what) must be true or false, not '\(text)'", at: node)
            return nil
        }
    }

    func integer(_ node: YAMLNode, _ what: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text.trimmingWhitespace()), range.contains(value) else {
            error(.invalidValue, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", at: node)
            return nil
        }
        return value
    }

    func ipAddress(_ node: YAMLNode, _ what: String) -> IPAddress? {
        guard let text = string(node, what) else { return nil }
        guard let address = IPAddress(text) ?? IPAddress(text.trimmingWhitespace()) else {
            error(.invalidValue, "\(what) '\(text)' is not an IPv4 or IPv6 address", at: node)
            return nil
        }
        return address
    }

    func network(_ node: YAMLNode, _ what: String) -> IPNetwork? {
        guard let text = string(node, what) else { return nil }
        let trimmed = text.trimmingWhitespace()
        guard let network = IPNetwork(trimmed) else {
            let detail = IPNetwork(trimmed, allowHostBits: true) != nil ? " (host bits are set after the prefix)" : ""
            error(.invalidValue, "\(what) '\(text)' is not an address prefix such as 10.20.0.0/16\(detail)", at: node)
            return nil
        }
        return network
    }

    func interfaceAddress(_ node: YAMLNode, _ what: String) -> InterfaceAddress? {
        guard let text = string(node, what) else { return nil }
        guard let address = InterfaceAddress(text.trimmingWhitespace()), text.utf8.contains(UInt8(ascii: "/")) else {
            error(.invalidValue, "\(what) '\(text)' must be an address with its prefix length, such as 10.20.1.1/16", at: node)
            return nil
        }
        return address
    }
}

import Foundation
