extension Array where Element: Comparable {
    /// Sorted without repeats. The lists this is used on are short, where sorting and skipping repeats is much
    /// cheaper than building a set first.
    @inlinable
    public func sortedUnique() -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count)
        for element in sorted() where result.last != element { result.append(element) }
        return result
    }
}
