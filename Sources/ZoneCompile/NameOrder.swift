/// Sorting generated groups by name, the order every generator declares them in. Group names are ASCII, where
/// `String`'s `<` is byte order; thousands of names that share a long prefix (`HOST-OBJ_...`) are compared by
/// the eight bytes after that prefix as one integer, and by the whole name only where those are equal.
enum NameOrder {
    static func sorted<Item>(_ items: [Item], by name: (Item) -> String) -> [Item] {
        guard items.count > 1 else { return items }
        var reference = name(items[0])
        var shared = Int.max
        var allASCII = true
        reference.withUTF8 { first in
            for item in items {
                var text = name(item)
                text.withUTF8 { bytes in
                    var common = 0
                    let limit = min(first.count, bytes.count, shared)
                    while common < limit && first[common] == bytes[common] { common += 1 }
                    shared = common
                    if allASCII && !bytes.allSatisfy({ $0 < 0x80 }) { allASCII = false }
                }
            }
        }
        guard allASCII else { return items.sorted { name($0) < name($1) } }
        let keys = items.map { item in
            var text = name(item)
            return text.withUTF8 { key(of: $0, after: shared) }
        }
        let order = items.indices.sorted { first, second in
            keys[first] != keys[second] ? keys[first] < keys[second] : name(items[first]) < name(items[second])
        }
        return order.map { items[$0] }
    }

    /// Eight bytes from `offset`, big-endian, zero after the end: a shorter name sorts first, as in byte order.
    static func key(of bytes: UnsafeBufferPointer<UInt8>, after offset: Int) -> UInt64 {
        var key: UInt64 = 0
        for position in offset..<offset + 8 {
            key = key << 8 | UInt64(position < bytes.count ? bytes[position] : 0)
        }
        return key
    }
}
