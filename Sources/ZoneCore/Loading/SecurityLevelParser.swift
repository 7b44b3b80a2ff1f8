import Foundation

/// Reads security levels: `"SL 3"`, `3`, a 7-value list `[2, 2, 0, 1, 3, 1, 3]`, a mapping by FR abbreviation,
/// or the standard's compact notation `"{2201313}"`.
struct SecurityLevelParser {
    let context: LoadContext

    func parse(_ node: YAMLNode, allowVector: Bool) -> SecurityLevel? {
        switch node.kind {
        case .sequence:
            let values = context.items(node, "security level vector").compactMap {
                context.integer($0, "security level vector entry", range: 0...4)
            }
            return vector(values, at: node)
        case .mapping:
            guard let pairs = context.pairs(node, "security level vector") else { return nil }
            var values = Array(repeating: -1, count: 7)
            for (key, keyNode, value) in pairs {
                guard let requirement = FoundationalRequirement.allCases.first(where: { $0.abbreviation == key.uppercased() }) else {
                    context.error(.invalidValue, "'\(key)' is not a foundational requirement (IAC UC SI DC RDF TRE RA)", at: keyNode)
                    continue
                }
                values[requirement.rawValue] = context.integer(value, "SL for \(key)", range: 0...4) ?? 0
            }
            if let missing = FoundationalRequirement.allCases.first(where: { values[$0.rawValue] < 0 }) {
                context.error(.invalidValue, "security level vector lacks \(missing.abbreviation); give all seven of IAC UC SI DC RDF TRE RA", at: node)
                return nil
            }
            return SecurityLevel(vector: values)
        case .scalar:
            guard let text = context.string(node, "security level") else { return nil }
            return scalar(text, at: node)
        }
    }

    private func scalar(_ text: String, at node: YAMLNode) -> SecurityLevel? {
        var compact = Substring(text.uppercased().filter { $0 != " " })
        for prefix in ["SL-T", "SLT", "SL"] where compact.hasPrefix(prefix) {
            compact = compact.dropFirst(prefix.count)
            break
        }
        let isSeparator: (Character) -> Bool = { $0 == "=" || $0 == ":" }
        compact = compact.drop(while: isSeparator)
        while let last = compact.last, isSeparator(last) { compact.removeLast() }
        if compact.hasPrefix("{") && compact.hasSuffix("}") {
            let inner = compact.dropFirst().dropLast()
            let digits = inner.contains(",") ? inner.split(separator: ",").map(String.init) : inner.map(String.init)
            return vector(digits.compactMap { Int($0) }, at: node, count: digits.count)
        }
        guard let level = Int(compact) else {
            context.error(.invalidValue, "security level '\(text)' is not SL 1–4 or a 7-value vector", at: node)
            return nil
        }
        guard (1...4).contains(level) else {
            context.error(.invalidValue, "security level '\(text)' is outside SL 1–4", at: node)
            return nil
        }
        return SecurityLevel(uniform: level)
    }

    private func vector(_ values: [Int], at node: YAMLNode, count: Int? = nil) -> SecurityLevel? {
        guard (count ?? values.count) == 7, values.count == 7, let level = SecurityLevel(vector: values) else {
            context.error(.invalidValue, "a security level vector has exactly 7 values from 0 to 4 (IAC UC SI DC RDF TRE RA)", at: node)
            return nil
        }
        return level
    }
}
