import Foundation

/// Text widths estimated without font files, so that layout is a pure function.
///
/// The widths are those of DejaVu Sans, the first font the SVG asks for and one of the widest common sans-serif
/// faces, rounded up per character class; Arial, Helvetica and Liberation Sans set the same text narrower, so a
/// line that fits by this estimate fits in every one of them.
public enum TextMetrics {
    public static func fontSize(_ style: TextLine.Style) -> Double {
        switch style {
        case .title: 17
        case .bandLevel, .zoneID: 12
        case .zoneName, .labelHeading, .label, .zoneDetail, .legend: 11
        case .bandName, .badge: 10
        }
    }

    public static func isBold(_ style: TextLine.Style) -> Bool {
        switch style {
        case .title, .bandLevel, .zoneID, .labelHeading, .badge: true
        case .bandName, .zoneName, .zoneDetail, .label, .legend: false
        }
    }

    /// Advance width of `text` in units, for a font of `size` units.
    public static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + em($1) } * size
    }

    private static func em(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case " ", "i", "j", "l", ".", ",", ":", ";", "|", "!", "'", "I", "(", ")", "[", "]", "/", "\\", "-", "f", "t", "r":
            0.45
        case "W", "M", "m", "w", "@", "%":
            1.02
        case "A"..."Z", "#", "&", "_", "~", "=", "+", "<", ">":
            0.82
        case "a"..."z", "0"..."9", "?", "$", "*", "\"", "^", "{", "}":
            0.66
        default:
            scalar.isASCII ? 0.82 : 1.05
        }
    }

    /// `text` shortened with an ellipsis so that it fits `maxWidth`.
    public static func fit(_ text: String, maxWidth: Double, size: Double) -> String {
        if width(text, size: size) <= maxWidth { return text }
        var characters = Array(text)
        while !characters.isEmpty && width(String(characters) + "…", size: size) > maxWidth { characters.removeLast() }
        return String(characters).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// `text` broken at spaces into at most `maxLines` lines of `maxWidth`; the last line is shortened if needed.
    public static func wrap(_ text: String, maxWidth: Double, size: Double, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        for (index, word) in words.enumerated() {
            let candidate = current.isEmpty ? word : current + " " + word
            if width(candidate, size: size) <= maxWidth || current.isEmpty {
                current = candidate
                continue
            }
            if lines.count == maxLines - 1 {
                current = ([current] + words[index...]).joined(separator: " ")
                break
            }
            lines.append(current)
            current = word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { fit($0, maxWidth: maxWidth, size: size) }
    }
}
