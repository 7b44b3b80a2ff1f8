import Foundation

/// The parts of a free-text direction such as `"Z3 -> Z2 (read only, FC 3/4 only)"`.
struct DirectionText: Equatable {
    var from: String
    var to: String
    var bidirectional: Bool
    var readOnly = false
    var functionCodes: [Int]?
    var unidirectional = false
    var mfa = false
    var jumpHost = false
    var notes: [String] = []

    private static let arrows = ["<->", "<=>", "->", "=>", "→", "<-"]
    private static let arrowBytes = arrows.map { Array($0.utf8) }

    /// The leftmost arrow, longest first at each position, and the trimmed text on either side of it; one pass
    /// over the UTF-8 bytes (models have thousands of channels). Every arrow starts with `<`, `-`, `=` or the
    /// lead byte of `→`, so the sides are whole scalars.
    private static func split(_ text: String) -> (left: String, arrow: String, right: String)? {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "<"), UInt8(ascii: "-"), UInt8(ascii: "="), 0xE2:
                    for (number, arrow) in arrowBytes.enumerated()
                    where bytes.count - index >= arrow.count && bytes[index..<index + arrow.count].elementsEqual(arrow) {
                        return (trimmed(bytes[..<index]), arrows[number], trimmed(bytes[(index + arrow.count)...]))
                    }
                default:
                    break
                }
                index += 1
            }
            return nil
        }
    }

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var bytes = bytes
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
    }

    /// Parses `FROM ARROW TO [qualifiers]`; nil when no arrow separates two names.
    init?(_ text: String) {
        guard let (left, arrow, rightSide) = Self.split(text) else { return nil }
        var right = rightSide
        var qualifierText = ""
        if let open = right.utf8.firstIndex(of: UInt8(ascii: "(")) {
            let close = right.utf8.lastIndex(of: UInt8(ascii: ")")) ?? right.endIndex
            qualifierText = String(right[right.index(after: open)..<max(close, right.index(after: open))])
            right = String(right[..<open]).trimmingWhitespace()
        }
        let target: String
        if let space = right.utf8.firstIndex(of: UInt8(ascii: " ")) {
            target = String(right[..<space])
            let rest = right[right.utf8.index(after: space)...].drop { $0 == " " }
            if !rest.isEmpty { qualifierText = qualifierText.isEmpty ? String(rest) : "\(rest), \(qualifierText)" }
        } else {
            target = right
        }
        guard !left.isEmpty, !target.isEmpty, !left.utf8.contains(UInt8(ascii: " ")) else { return nil }
        if arrow == "<-" {
            from = target
            to = left
        } else {
            from = left
            to = target
        }
        bidirectional = arrow == "<->" || arrow == "<=>"
        readQualifiers(qualifierText)
    }

    private mutating func readQualifiers(_ text: String) {
        for rawPart in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let part = rawPart.trimmingWhitespace()
            let lowered = part.lowercased()
            var understood = false
            if lowered.contains("read only") || lowered.contains("read-only") || lowered.contains("readonly") {
                readOnly = true
                understood = true
            }
            if let codes = Self.functionCodes(in: lowered) {
                functionCodes = (functionCodes ?? []) + codes
                understood = true
            }
            if lowered.contains("unidirectional") || lowered.contains("diode") || lowered.contains("one-way") {
                unidirectional = true
                understood = true
            }
            if lowered.contains("mfa") || lowered.contains("multi-factor") || lowered.contains("2fa") {
                mfa = true
                understood = true
            }
            if lowered.contains("jump") {
                jumpHost = true
                understood = true
            }
            if !understood && !part.isEmpty { notes.append(part) }
        }
    }

    /// Function codes after `FC` or `function code(s)`: `FC 3/4`, `FC3, FC4`, `function codes 1-4`, `FC 3 and 4`.
    static func functionCodes(in text: String) -> [Int]? {
        guard let marker = functionCodeMarker(in: text) else { return nil }
        var codes: [Int] = []
        let tokens = text[marker.upperBound...].split(whereSeparator: { " /,&".contains($0) })
        for token in tokens {
            var word = Substring(token)
            if word == "and" || word == "fc" || word == "codes" || word == "code" { continue }
            if word.hasPrefix("fc") { word = word.dropFirst(2) }
            let bounds = word.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]), low <= high,
                high - low < 256
            else { break }
            codes += Array(low...high)
        }
        return codes.isEmpty ? nil : codes
    }

    /// `function code(s)` or a standalone `fc`, not the letters inside another word.
    private static func functionCodeMarker(in text: String) -> Range<String.Index>? {
        if let range = text.range(of: "function codes") ?? text.range(of: "function code") { return range }
        var searchStart = text.startIndex
        while let range = text.range(of: "fc", range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            if !before.isLetter { return range }
            searchStart = range.upperBound
        }
        return nil
    }
}
