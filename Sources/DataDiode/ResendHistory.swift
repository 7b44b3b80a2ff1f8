/// Batches of plaintext shards waiting to be sent again, oldest first, bounded in bytes.
struct ResendHistory<Instant: InstantProtocol> {
    struct Entry {
        var due: Instant
        /// Copies still to send.
        var remaining: Int
        let firstGroup: UInt64
        let run: UInt16
        let shapes: [(dataShards: Int, length: Int)]
        /// Every shard of every group, group after group, index after index.
        let shards: [UInt8]
    }

    private var entries: [Entry] = []
    private var head = 0
    private var bytes = 0

    var isEmpty: Bool { head == entries.count }

    var nextDue: Instant? { isEmpty ? nil : entries[head].due }

    /// Removes and returns the oldest entry if it is due.
    mutating func due(now: Instant) -> Entry? {
        guard !isEmpty, entries[head].due <= now else { return nil }
        return pop()
    }

    /// Appends an entry (entries come in order of their due time); returns how many old entries were
    /// dropped to stay within `limit` bytes.
    mutating func append(_ entry: Entry, limit: Int) -> Int {
        entries.append(entry)
        bytes += entry.shards.count
        var dropped = 0
        while bytes > limit, head < entries.count - 1 {
            _ = pop()
            dropped += 1
        }
        return dropped
    }

    private mutating func pop() -> Entry {
        let entry = entries[head]
        head += 1
        bytes -= entry.shards.count
        if head == entries.count || head > 1024 {
            entries.removeFirst(head)
            head = 0
        }
        return entry
    }
}
