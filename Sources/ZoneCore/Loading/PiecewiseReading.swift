/// What the fuzz target and the tests hold reading in pieces to: a text that reads in pieces reads exactly as it
/// does whole.
@_spi(Testing) public enum PiecewiseReading {
    /// Cuts the text as a large text would be cut, whatever its size, into two, three and five pieces. False when
    /// the pieces read without error but give other nodes than reading the whole text, or read although the
    /// whole text does not.
    public static func agrees(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for pieces in [2, 3, 5] {
            guard let cuts = YAMLCuts(bytes, pieces: pieces, minimumSize: 0),
                let pieced = YAMLDocument.parseInPieces(bytes, cuts, alongside: {}).0
            else { continue }
            guard let whole = try? YAMLDocument.parseWhole(bytes), pieced.outline == whole.outline else { return false }
        }
        return true
    }
}

extension YAMLDocument {
    /// Every node with its kind, position, style and text, in document order.
    var outline: String {
        withRootNode { root in
            var text = ""
            func add(_ node: YAMLNode, depth: Int) {
                text += String(repeating: " ", count: depth) + "\(node.kind) \(node.line):\(node.column)"
                switch node.kind {
                case .scalar: text += (node.isPlain ? " plain " : " quoted ") + (node.scalarText ?? "") + "\n"
                case .sequence:
                    text += "\n"
                    for item in node.items { add(item, depth: depth + 1) }
                case .mapping:
                    text += "\n"
                    for (key, value) in node.pairs {
                        add(key, depth: depth + 1)
                        add(value, depth: depth + 2)
                    }
                }
            }
            if let root { add(root, depth: 0) }
            return text
        }
    }
}
