import Glibc

/// Where a large block-style YAML text can be cut so that each piece parses on its own and the pieces join into
/// the document that the whole text gives: between the items of its largest top-level block sequence (in a
/// model, the conduits), and before the top-level keys that follow that sequence.
///
/// A cut is safe because, at the start of a line holding an item of that sequence at the sequence's own
/// indentation, the parser is either between two items, or inside a quoted scalar or flow collection that is
/// still open, in which case the piece before the cut does not parse and the whole text is read in one go
/// instead. Texts in which a piece could read differently on its own get no cuts: anchors (an alias may name an
/// anchor in another piece), directives and document markers, line breaks other than LF (line numbers are
/// counted in LFs), and top-level lines that are not plain keys.
struct YAMLCuts {
    struct Piece {
        let bytes: Range<Int>
        /// 0-based line of the piece's first byte in the whole text, as libyaml counts lines.
        let firstLine: Int
    }

    /// From the start of the text into the first items of the sequence; its root mapping ends with that sequence.
    let head: Piece
    /// Further items of the sequence, each piece a block sequence on its own.
    let items: [Piece]
    /// The top-level keys after the sequence, if any.
    let tail: Piece?

    /// Texts shorter than this parse faster in one piece than the cutting and joining cost.
    static let minimumSize = 64 * 1024
    /// A piece's nodes are numbered below 2^27 (see ``YAMLDocument``); a node takes at least one byte.
    static let maximumSize = 64 * 1024 * 1024

    init?(_ text: UnsafeBufferPointer<UInt8>, pieces: Int, minimumSize: Int = Self.minimumSize) {
        guard (minimumSize...Self.maximumSize).contains(text.count), (2...15).contains(pieces), let base = text.baseAddress,
            !Self.hasUnsafeBytes(text)
        else { return nil }
        var topLevel: [(offset: Int, line: Int, opensBlock: Bool)] = []
        var lines: [(offset: Int, line: Int)] = []
        var offset = 0
        var line = 0
        while offset < text.count {
            lines.append((offset, line))
            let first = text[offset]
            if first != UInt8(ascii: " ") && first != UInt8(ascii: "#") && first != UInt8(ascii: "\n") {
                guard let opensBlock = Self.plainKeyLine(text, at: offset) else { return nil }
                topLevel.append((offset, line, opensBlock))
            } else if topLevel.isEmpty && !Self.isBlankOrComment(text, at: offset) {
                return nil
            }
            guard let newline = memchr(base + offset, Int32(UInt8(ascii: "\n")), text.count - offset) else { break }
            offset = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            line += 1
        }
        // The largest top-level value written as a block below its key.
        var best: (key: Int, end: Int)?
        for (index, key) in topLevel.enumerated() where key.opensBlock {
            let end = index + 1 < topLevel.count ? topLevel[index + 1].offset : text.count
            if end - key.offset > (best.map { $0.end - topLevel[$0.key].offset } ?? 0) { best = (index, end) }
        }
        guard let best else { return nil }
        let sectionLines = lines.drop { $0.offset <= topLevel[best.key].offset }.prefix { $0.offset < best.end }
        guard let firstItem = sectionLines.first(where: { !Self.isBlankOrComment(text, at: $0.offset) }),
            let indent = Self.itemIndent(text, at: firstItem.offset)
        else { return nil }
        let itemStarts = sectionLines.filter { $0.offset > firstItem.offset && Self.itemIndent(text, at: $0.offset) == indent }
        // Cut at the item starts closest after equal shares of the whole text.
        var cuts: [(offset: Int, line: Int)] = []
        var share = 1
        for start in itemStarts where share < pieces {
            if start.offset >= share * text.count / pieces {
                cuts.append(start)
                share = start.offset * pieces / text.count + 1
            }
        }
        guard !cuts.isEmpty else { return nil }
        head = Piece(bytes: 0..<cuts[0].offset, firstLine: 0)
        items = cuts.indices.map { index in
            Piece(bytes: cuts[index].offset..<(index + 1 < cuts.count ? cuts[index + 1].offset : best.end), firstLine: cuts[index].line)
        }
        tail = best.key + 1 < topLevel.count ? Piece(bytes: best.end..<text.count, firstLine: topLevel[best.key + 1].line) : nil
    }

    /// Anchors, carriage returns and the Unicode line breaks libyaml counts (NEL, LS, PS).
    private static func hasUnsafeBytes(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let base = text.baseAddress!
        if memchr(base, Int32(UInt8(ascii: "&")), text.count) != nil || memchr(base, Int32(UInt8(ascii: "\r")), text.count) != nil {
            return true
        }
        for lead: UInt8 in [0xC2, 0xE2] {
            var offset = 0
            while let found = memchr(base + offset, Int32(lead), text.count - offset) {
                offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                guard offset + 1 < text.count else { continue }
                if lead == 0xC2 && text[offset] == 0x85 { return true }
                if lead == 0xE2 && text[offset] == 0x80 && (text[offset + 1] == 0xA8 || text[offset + 1] == 0xA9) { return true }
            }
        }
        return false
    }

    /// For a line `key:` or `key: value` whose key is a plain word, whether the value is a block below it
    /// (nothing but a comment after the colon); nil for any other line.
    private static func plainKeyLine(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool? {
        var offset = start
        while offset < text.count, Self.isKeyByte(text[offset], first: offset == start) { offset += 1 }
        guard offset > start, offset < text.count, text[offset] == UInt8(ascii: ":") else { return nil }
        offset += 1
        guard offset == text.count || text[offset] == UInt8(ascii: " ") || text[offset] == UInt8(ascii: "\n") else { return nil }
        return isBlankOrComment(text, at: offset)
    }

    private static func isKeyByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): !first
        default: false
        }
    }

    /// Whether the rest of the line from `start` holds only spaces and perhaps a comment.
    private static func isBlankOrComment(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var offset = start
        while offset < text.count, text[offset] == UInt8(ascii: " ") { offset += 1 }
        return offset == text.count || text[offset] == UInt8(ascii: "\n") || text[offset] == UInt8(ascii: "#")
    }

    /// The indentation of a line that starts a sequence item (`- ` or a lone `-` after spaces); nil otherwise.
    private static func itemIndent(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var offset = start
        while offset < text.count, text[offset] == UInt8(ascii: " ") { offset += 1 }
        guard offset < text.count, text[offset] == UInt8(ascii: "-") else { return nil }
        let next = offset + 1
        guard next == text.count || text[next] == UInt8(ascii: " ") || text[next] == UInt8(ascii: "\n") else { return nil }
        return offset - start
    }
}
