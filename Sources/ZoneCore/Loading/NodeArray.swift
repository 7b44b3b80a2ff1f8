/// A growable array for one piece of a YAML document. Once the piece is built its elements stay where they are,
/// so that the document can hand out plain pointers to them: reading nodes then counts no references, which
/// on several cores at once would make them all wait on the same cache line.
final class NodeArray<Element>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "node index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "node index out of range")
            base[index] = newValue
        }
    }

    /// The elements in `range`, valid while this array lives and does not grow.
    subscript(range: Range<Int>) -> UnsafeBufferPointer<Element> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "node range out of range")
        return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    func append(_ element: Element) {
        if count == capacity { grow(to: 2 * capacity) }
        (base + count).initialize(to: element)
        count += 1
    }

    func append(contentsOf elements: some Collection<Element>) {
        if count + elements.count > capacity { grow(to: max(2 * capacity, count + elements.count)) }
        for element in elements {
            (base + count).initialize(to: element)
            count += 1
        }
    }

    /// Changes every element in place.
    func update(_ body: (inout Element) -> Void) {
        for index in 0..<count { body(&base[index]) }
    }

    private func grow(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
