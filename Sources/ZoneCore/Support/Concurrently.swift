import Dispatch
import Synchronization

/// Independent pieces of work spread over every core, with results in a fixed order so that output stays
/// deterministic. A batch started from inside another batch runs its pieces one after another, so work that
/// should share the cores goes into one batch.
public enum Concurrently {
    /// Batches running now. Background work that can wait (faulting memory in ahead) leaves the cores to them.
    public static let runningBatches = Atomic<Int>(0)

    /// `transform` of each index in `0..<count`, computed in parallel, returned in index order.
    public static func map<Value: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> Value) -> [Value] {
        let results = Mutex<[Value?]>(Array(repeating: nil, count: count))
        perform(count) { index in
            let value = transform(index)
            results.withLock { $0[index] = value }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Two computations at once.
    public static func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let results = Mutex<(First?, Second?)>((nil, nil))
        perform(2) { index in
            if index == 0 {
                let value = first()
                results.withLock { $0.0 = value }
            } else {
                let value = second()
                results.withLock { $0.1 = value }
            }
        }
        return results.withLock { ($0.0!, $0.1!) }
    }

    private static func perform(_ count: Int, _ body: @Sendable (Int) -> Void) {
        runningBatches.add(1, ordering: .relaxed)
        defer { runningBatches.subtract(1, ordering: .relaxed) }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// `0..<count` cut into about `parts` contiguous ranges, none empty.
    public static func chunks(of count: Int, parts: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let size = (count + parts - 1) / max(parts, 1)
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }
}
