import CYaml
import Foundation

/// A YAML document read from libyaml's event stream into flat arrays: one entry per node, children as index ranges.
/// Models have tens of thousands of scalars; a tree of enum nodes with tags and marks per node cost more to build
/// and to copy than reading the model itself. A text read in pieces keeps each piece's arrays: a node's id holds
/// its piece in the top bits and its place in that piece's arrays below.
final class YAMLDocument: Sendable {
    struct Entry {
        var kind: YAMLNode.Kind
        var isPlain: Bool
        var line: Int32
        var column: Int32
        /// Scalar: index into its piece's scalars. Collection: first index into its piece's children.
        var start: Int32
        /// Sequence: number of items. Mapping: number of key/value pairs (children alternate key, value).
        var count: Int32
    }

    /// Where one piece's nodes are, read without counting references.
    struct PieceView {
        let entries: UnsafePointer<Entry>
        let scalars: UnsafePointer<String>
        /// Node ids.
        let children: UnsafePointer<Int32>
    }

    static let pieceShift: Int32 = 27
    static let nodeMask: Int32 = (1 << pieceShift) - 1

    /// Owns the memory that `views` points into.
    private let pieces: [Builder]
    nonisolated(unsafe) private let views: UnsafeMutableBufferPointer<PieceView>
    private let root: Int32

    private init(_ pieces: [Builder], root: Int32) {
        self.pieces = pieces
        self.root = root
        views = .allocate(capacity: pieces.count)
        for (index, piece) in pieces.enumerated() {
            views.initializeElement(
                at: index,
                to: PieceView(entries: UnsafePointer(piece.entries.base), scalars: UnsafePointer(piece.scalars.base), children: UnsafePointer(piece.children.base)))
        }
    }

    deinit { views.deallocate() }

    func view(_ piece: Int) -> PieceView { views[piece] }

    /// The root node, nil for an empty stream, valid inside `body` only: nodes do not keep their document alive.
    func withRootNode<Result>(_ body: (YAMLNode?) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(root < 0 ? nil : YAMLNode(document: self, id: root)) }
    }

    /// Parses UTF-8 YAML text holding at most one document. A large block-style text is cut into pieces (see
    /// ``YAMLCuts``) that libyaml reads on every core; when any piece does not parse, the whole text is read in
    /// one go, so that errors are those of the whole text. `alongside` runs on another core meanwhile, as one more
    /// task of the same batch (see ``Concurrently``).
    static func parse<Other: Sendable>(
        _ bytes: UnsafeBufferPointer<UInt8>, alongside other: @Sendable () -> Other
    ) -> (Result<YAMLDocument, YAMLSyntaxError>, Other) {
        nonisolated(unsafe) let text = bytes
        @Sendable func whole() -> Result<YAMLDocument, YAMLSyntaxError> {
            Result { () throws(YAMLSyntaxError) in try parseWhole(text) }
        }
        let pieceCount = min(2 * ProcessInfo.processInfo.activeProcessorCount, 8)
        guard let cuts = YAMLCuts(bytes, pieces: pieceCount) else {
            return Concurrently.both(whole, other)
        }
        let (document, otherResult) = parseInPieces(bytes, cuts, alongside: other)
        return (document.map { .success($0) } ?? whole(), otherResult)
    }

    static func parseWhole(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLSyntaxError) -> YAMLDocument {
        let builder = try parsePiece(bytes, number: 0, firstLine: 0)
        return YAMLDocument([builder], root: builder.root)
    }

    /// The pieces read in parallel and joined; nil when a piece does not parse or does not have the shape its cut
    /// promised.
    static func parseInPieces<Other: Sendable>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ cuts: YAMLCuts, alongside other: @Sendable () -> Other
    ) -> (YAMLDocument?, Other) {
        nonisolated(unsafe) let text = bytes
        let pieces = [cuts.head] + cuts.items + (cuts.tail.map { [$0] } ?? [])
        let outcomes = Concurrently.map(pieces.count + 1) { index -> PieceOutcome<Other> in
            guard index < pieces.count else { return .other(other()) }
            let piece = pieces[index]
            return .piece(try? parsePiece(UnsafeBufferPointer(rebasing: text[piece.bytes]), number: index, firstLine: piece.firstLine))
        }
        guard case .other(let otherResult) = outcomes[pieces.count] else { preconditionFailure("the last task runs `alongside`") }
        var parsed: [Builder] = []
        for outcome in outcomes.dropLast() {
            guard case .piece(let builder?) = outcome else { return (nil, otherResult) }
            parsed.append(builder)
        }
        guard join(parsed, hasTail: cuts.tail != nil) else { return (nil, otherResult) }
        return (YAMLDocument(parsed, root: parsed[0].root), otherResult)
    }

    /// Parses UTF-8 YAML text holding at most one document.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLSyntaxError) -> YAMLDocument {
        try parse(bytes) {}.0.get()
    }

    private enum PieceOutcome<Other: Sendable>: Sendable {
        case piece(Builder?)
        case other(Other)
    }

    private static func parsePiece(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, firstLine: Int) throws(YAMLSyntaxError) -> Builder {
        // One node per two bytes of text is more than real models hold; reserving it avoids growing the arrays,
        // and capacity never written is never touched.
        let builder = Builder(firstLine: Int32(truncatingIfNeeded: firstLine), capacity: bytes.count / 2)
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
        builder.numberNodes(piece: Int32(number))
        return builder
    }

    /// Joins the pieces into the head: the item pieces each hold further items of the sequence that ends the
    /// head's root mapping, the tail holds further pairs of that mapping. False when a piece does not have that
    /// shape, or when the tail repeats a key of the head.
    private static func join(_ pieces: [Builder], hasTail: Bool) -> Bool {
        guard pieces.allSatisfy({ $0.root >= 0 }) else { return false }
        let head = pieces[0]
        let headRoot = head.rootEntry
        guard headRoot.kind == .mapping, headRoot.count > 0 else { return false }
        let sequence = Int(head.children[Int(headRoot.start + 2 * headRoot.count - 1)])
        guard head.entries[sequence].kind == .sequence else { return false }
        let itemPieces = pieces[1..<pieces.count - (hasTail ? 1 : 0)]
        guard itemPieces.allSatisfy({ $0.rootEntry.kind == .sequence }) else { return false }
        let tail = hasTail ? pieces[pieces.count - 1] : nil
        guard tail.map({ $0.rootEntry.kind == .mapping }) ?? true else { return false }
        var keys = Set(head.rootKeys)
        for key in tail?.rootKeys ?? [] {
            guard keys.insert(key).inserted else { return false }
        }
        // The sequence and the root mapping get their children anew, each in one run at the end of the head's.
        let sequenceItems = Array(head.children[Int(head.entries[sequence].start)..<Int(head.entries[sequence].start + head.entries[sequence].count)])
        let rootPairs = Array(head.rootChildren)
        let sequenceStart = head.children.count
        head.children.append(contentsOf: sequenceItems)
        for piece in itemPieces { head.children.append(contentsOf: piece.rootChildren) }
        head.entries[sequence].start = Int32(sequenceStart)
        head.entries[sequence].count = Int32(head.children.count - sequenceStart)
        let rootStart = head.children.count
        head.children.append(contentsOf: rootPairs)
        if let tail { head.children.append(contentsOf: tail.rootChildren) }
        head.entries[Int(head.root)].start = Int32(rootStart)
        head.entries[Int(head.root)].count = Int32((head.children.count - rootStart) / 2)
        return true
    }

    /// Reads libyaml's events into one piece's arrays.
    private final class Builder: @unchecked Sendable {
        /// Added to libyaml's 0-based lines: where the piece being read starts in the whole text.
        let firstLine: Int32
        let entries: NodeArray<Entry>
        let scalars: NodeArray<String>
        let children: NodeArray<Int32>
        var root: Int32 = -1
        /// Finished nodes waiting for their parent collection to end.
        var pending: [Int32] = []
        /// Open collections: their entry, where their children start in `pending`, and their anchor, which takes
        /// effect only once the collection is complete so that no collection can contain itself.
        var open: [(entry: Int32, firstPending: Int, anchor: String?)] = []
        var anchors: [String: Int32] = [:]
        var documents = 0

        init(firstLine: Int32, capacity: Int) {
            self.firstLine = firstLine
            entries = NodeArray(capacity: capacity)
            scalars = NodeArray(capacity: capacity)
            children = NodeArray(capacity: capacity)
        }

        func consume(_ event: yaml_event_t) throws(YAMLSyntaxError) {
            let line = Int32(truncatingIfNeeded: event.start_mark.line + 1) + firstLine
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
                scalars.append(String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self))
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

        var rootEntry: Entry { entries[Int(root & YAMLDocument.nodeMask)] }

        var rootChildren: UnsafeBufferPointer<Int32> {
            let root = rootEntry
            let start = Int(root.start)
            return children[start..<start + Int(root.kind == .mapping ? 2 * root.count : root.count)]
        }

        /// The texts of the root mapping's scalar keys.
        var rootKeys: [String] {
            let children = rootChildren
            return stride(from: 0, to: children.count, by: 2).compactMap { position in
                let key = entries[Int(children[position] & YAMLDocument.nodeMask)]
                return key.kind == .scalar ? scalars[Int(key.start)] : nil
            }
        }

        /// Gives the piece's nodes their document-wide ids.
        func numberNodes(piece: Int32) {
            guard piece > 0 else { return }
            let bits = piece << YAMLDocument.pieceShift
            if root >= 0 { root |= bits }
            children.update { $0 |= bits }
        }

        private func add(_ entry: Entry) -> Int32 {
            entries.append(entry)
            return Int32(entries.count - 1)
        }

        private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            anchor.map { String(cString: $0) }
        }

        private func close() throws(YAMLSyntaxError) {
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
        private func finished(_ index: Int32) {
            if open.isEmpty { root = index } else { pending.append(index) }
        }

        /// A key given twice would silently lose one value; YAML forbids it.
        /// Most mappings have a handful of keys, compared pairwise; long ones go through a set.
        private func checkUniqueKeys(_ positions: Range<Int>) throws(YAMLSyntaxError) {
            // Scalar keys only; the positions of a mapping alternate key, value.
            let keyPositions = stride(from: positions.lowerBound, to: positions.upperBound, by: 2)
            if positions.count <= 16 {
                // Read in place: most mappings are a handful of keys, and this runs once per mapping.
                for position in keyPositions {
                    let key = entries[Int(children[position])]
                    guard key.kind == .scalar else { continue }
                    for earlier in stride(from: positions.lowerBound, to: position, by: 2) {
                        let other = entries[Int(children[earlier])]
                        if other.kind == .scalar && scalars[Int(other.start)] == scalars[Int(key.start)] { throw duplicate(key) }
                    }
                }
                return
            }
            var seen: Set<String> = []
            for position in keyPositions {
                let key = entries[Int(children[position])]
                if key.kind == .scalar && !seen.insert(scalars[Int(key.start)]).inserted { throw duplicate(key) }
            }
        }

        private func duplicate(_ key: Entry) -> YAMLSyntaxError {
            YAMLSyntaxError(
                kind: .duplicateKey, problem: "duplicate key '\(scalars[Int(key.start)])' in a mapping", line: Int(key.line),
                column: Int(key.column))
        }
    }
}

/// One node of a ``YAMLDocument``: a scalar, a sequence or a mapping, with its 1-based line and column. Nodes are
/// handed out inside ``YAMLDocument/withRootNode(_:)`` only, which keeps the document alive; a node does not.
struct YAMLNode {
    enum Kind: UInt8 { case scalar, sequence, mapping }

    unowned(unsafe) let document: YAMLDocument
    let id: Int32

    private var view: YAMLDocument.PieceView { document.view(Int(id >> YAMLDocument.pieceShift)) }
    private var entry: YAMLDocument.Entry { view.entries[Int(id & YAMLDocument.nodeMask)] }
    var kind: Kind { entry.kind }
    /// Written without quotes or block indicators.
    var isPlain: Bool { entry.isPlain }
    var line: Int { Int(entry.line) }
    var column: Int { Int(entry.column) }

    /// The text of a scalar (nil for a collection).
    var scalarText: String? {
        let entry = entry
        return entry.kind == .scalar ? view.scalars[Int(entry.start)] : nil
    }

    /// True for an unquoted null (`~`, `null`, nothing at all).
    var isNull: Bool {
        let entry = entry
        guard entry.kind == .scalar, entry.isPlain else { return false }
        switch view.scalars[Int(entry.start)] {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    var items: [YAMLNode] {
        let entry = entry
        guard entry.kind == .sequence else { return [] }
        let children = view.children + Int(entry.start)
        return (0..<Int(entry.count)).map { YAMLNode(document: document, id: children[$0]) }
    }

    var pairs: [(key: YAMLNode, value: YAMLNode)] {
        let entry = entry
        guard entry.kind == .mapping else { return [] }
        let children = view.children + Int(entry.start)
        return (0..<Int(entry.count)).map { pair in
            (YAMLNode(document: document, id: children[2 * pair]), YAMLNode(document: document, id: children[2 * pair + 1]))
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
