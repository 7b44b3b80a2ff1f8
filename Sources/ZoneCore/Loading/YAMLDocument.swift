import CYaml

/// A YAML document read from libyaml's event stream into flat arrays: one entry per node, children as index ranges.
/// Models have tens of thousands of scalars; a tree of enum nodes with tags and marks per node cost more to build
/// and to copy than reading the model itself.
final class YAMLDocument: Sendable {
    struct Entry {
        var kind: YAMLNode.Kind
        var isPlain: Bool
        var line: Int32
        var column: Int32
        /// Scalar: index into `scalars`. Collection: first index into `children`.
        var start: Int32
        /// Sequence: number of items. Mapping: number of key/value pairs (children alternate key, value).
        var count: Int32
    }

    let entries: [Entry]
    let scalars: [String]
    let children: [Int32]
    let root: Int32

    private init(_ builder: Builder) {
        entries = builder.entries
        scalars = builder.scalars
        children = builder.children
        root = builder.root
    }

    var rootNode: YAMLNode? { root < 0 ? nil : YAMLNode(document: self, index: root) }

    /// Parses UTF-8 YAML text holding at most one document; nil root for an empty stream.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLSyntaxError) -> YAMLDocument {
        var builder = Builder()
        // One node per two bytes of text is more than real models hold; reserving it avoids growing the arrays,
        // and capacity never written is never touched.
        builder.entries.reserveCapacity(bytes.count / 2)
        builder.scalars.reserveCapacity(bytes.count / 2)
        builder.children.reserveCapacity(bytes.count / 2)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLSyntaxError(kind: .memory, problem: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress ?? UnsafePointer(bitPattern: 1), bytes.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw YAMLSyntaxError(parser: parser) }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            try builder.consume(event)
        }
        return YAMLDocument(builder)
    }

    private struct Builder {
        var entries: [Entry] = []
        var scalars: [String] = []
        var children: [Int32] = []
        var root: Int32 = -1
        /// Finished nodes waiting for their parent collection to end.
        var pending: [Int32] = []
        /// Open collections: their entry, where their children start in `pending`, and their anchor, which takes
        /// effect only once the collection is complete so that no collection can contain itself.
        var open: [(entry: Int32, firstPending: Int, anchor: String?)] = []
        var anchors: [String: Int32] = [:]
        var documents = 0

        mutating func consume(_ event: yaml_event_t) throws(YAMLSyntaxError) {
            let line = Int32(truncatingIfNeeded: event.start_mark.line + 1)
            let column = Int32(truncatingIfNeeded: event.start_mark.column + 1)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLSyntaxError(
                        kind: .syntax, problem: "a model file holds one YAML document; found a second one",
                        line: Int(line), column: Int(column))
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                scalars.append(text)
                let index = add(Entry(
                    kind: .scalar, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, line: line, column: column,
                    start: Int32(scalars.count - 1), count: 0))
                if let anchor = Self.name(scalar.anchor) { anchors[anchor] = index }
                finished(index)
            case YAML_SEQUENCE_START_EVENT:
                let index = add(Entry(kind: .sequence, isPlain: true, line: line, column: column, start: 0, count: 0))
                open.append((index, pending.count, Self.name(event.data.sequence_start.anchor)))
            case YAML_MAPPING_START_EVENT:
                let index = add(Entry(kind: .mapping, isPlain: true, line: line, column: column, start: 0, count: 0))
                open.append((index, pending.count, Self.name(event.data.mapping_start.anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try close()
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let index = anchors[name] else {
                    throw YAMLSyntaxError(
                        kind: .syntax, problem: "alias *\(name) names no anchor completed before it (a collection cannot contain itself)",
                        line: Int(line), column: Int(column))
                }
                finished(index)
            default:
                break
            }
        }

        private mutating func add(_ entry: Entry) -> Int32 {
            entries.append(entry)
            return Int32(entries.count - 1)
        }

        private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            anchor.map { String(cString: $0) }
        }

        private mutating func close() throws(YAMLSyntaxError) {
            guard let (entryIndex, firstPending, anchor) = open.popLast() else { return }
            if let anchor { anchors[anchor] = entryIndex }
            let entry = Int(entryIndex)
            let start = children.count
            let itemCount = pending.count - firstPending
            children.append(contentsOf: pending[firstPending...])
            pending.removeSubrange(firstPending...)
            entries[entry].start = Int32(start)
            if entries[entry].kind == .mapping {
                entries[entry].count = Int32(itemCount / 2)
                try checkUniqueKeys(start..<start + itemCount)
            } else {
                entries[entry].count = Int32(itemCount)
            }
            finished(entryIndex)
        }

        /// A complete node belongs to the open collection, or is the document's root.
        private mutating func finished(_ index: Int32) {
            if open.isEmpty { root = index } else { pending.append(index) }
        }

        /// A key given twice would silently lose one value; YAML forbids it.
        /// Most mappings have a handful of keys, compared pairwise; long ones go through a set.
        private func checkUniqueKeys(_ positions: Range<Int>) throws(YAMLSyntaxError) {
            let keys = stride(from: positions.lowerBound, to: positions.upperBound, by: 2).compactMap { position in
                let key = entries[Int(children[position])]
                return key.kind == .scalar ? key : nil
            }
            var seen: Set<String> = []
            for (position, key) in keys.enumerated() {
                let text = scalars[Int(key.start)]
                let repeated =
                    keys.count <= 8
                    ? keys[..<position].contains { scalars[Int($0.start)] == text } : !seen.insert(text).inserted
                if repeated {
                    throw YAMLSyntaxError(
                        kind: .duplicateKey, problem: "duplicate key '\(text)' in a mapping", line: Int(key.line), column: Int(key.column))
                }
            }
        }
    }
}

/// One node of a ``YAMLDocument``: a scalar, a sequence or a mapping, with its 1-based line and column.
struct YAMLNode {
    enum Kind: UInt8 { case scalar, sequence, mapping }

    let document: YAMLDocument
    let index: Int32

    private var entry: YAMLDocument.Entry { document.entries[Int(index)] }
    var kind: Kind { entry.kind }
    var line: Int { Int(entry.line) }
    var column: Int { Int(entry.column) }

    /// The text of a scalar (nil for a collection).
    var scalarText: String? { kind == .scalar ? document.scalars[Int(entry.start)] : nil }

    /// True for an unquoted null (`~`, `null`, nothing at all).
    var isNull: Bool {
        let entry = entry
        guard entry.kind == .scalar, entry.isPlain else { return false }
        switch document.scalars[Int(entry.start)] {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    var items: [YAMLNode] {
        let entry = entry
        guard entry.kind == .sequence else { return [] }
        let start = Int(entry.start)
        return document.children[start..<start + Int(entry.count)].map { YAMLNode(document: document, index: $0) }
    }

    var pairs: [(key: YAMLNode, value: YAMLNode)] {
        let entry = entry
        guard entry.kind == .mapping else { return [] }
        let start = Int(entry.start)
        return (0..<Int(entry.count)).map { pair in
            (YAMLNode(document: document, index: document.children[start + 2 * pair]),
             YAMLNode(document: document, index: document.children[start + 2 * pair + 1]))
        }
    }
}

/// Why libyaml (or the document builder) rejected the text, with the 1-based position it names.
struct YAMLSyntaxError: Error {
    enum Kind { case syntax, reader, duplicateKey, memory }
    var kind: Kind
    var problem: String
    var context: String?
    var line = 1
    var column = 1
    /// Byte offset of a reader (encoding) error.
    var offset = 0

    init(kind: Kind, problem: String, context: String? = nil, line: Int = 1, column: Int = 1) {
        self.kind = kind
        self.problem = problem
        self.context = context
        self.line = line
        self.column = column
    }

    init(parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            self.init(kind: .memory, problem: problem)
        case YAML_READER_ERROR:
            self.init(kind: .reader, problem: problem)
            offset = parser.problem_offset
        default:
            self.init(
                kind: .syntax, problem: problem, context: parser.context.map { String(cString: $0) },
                line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
        }
    }
}
