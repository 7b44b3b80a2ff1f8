/// The frames one guard event sends one way: nearly always none or one, so the first is kept inline and only
/// a second one allocates.
public struct ModbusFrameList: Sequence {
    private var first: ModbusFrame?
    private var rest: [ModbusFrame] = []

    public init() {}

    public var isEmpty: Bool { first == nil }
    public var count: Int { first == nil ? 0 : 1 + rest.count }

    public mutating func append(_ frame: ModbusFrame) {
        if first == nil { first = frame } else { rest.append(frame) }
    }

    public struct Iterator: IteratorProtocol {
        var first: ModbusFrame?
        var rest: IndexingIterator<[ModbusFrame]>

        public mutating func next() -> ModbusFrame? {
            if let frame = first {
                first = nil
                return frame
            }
            return rest.next()
        }
    }

    public func makeIterator() -> Iterator { Iterator(first: first, rest: rest.makeIterator()) }
}
