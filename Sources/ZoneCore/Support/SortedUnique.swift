extension Array where Element: Comparable {
    /// Sorted without repeats. The lists this is used on are short, where sorting and skipping repeats is much
    /// cheaper than building a set first.
    @inlinable
    public func sortedUnique() -> [Element] {
        // Lists that are sorted already (the access policy's, most port lists) are checked instead of sorted.
        if isSortedUnique { return self }
        var result: [Element] = []
        result.reserveCapacity(count)
        for element in sorted() where result.last != element { result.append(element) }
        return result
    }

    /// Whether the array is already sorted without repeats, as `sortedUnique()` would make it.
    @inlinable
    public var isSortedUnique: Bool {
        var index = 1
        while index < count {
            guard self[index - 1] < self[index] else { return false }
            index += 1
        }
        return true
    }
}
