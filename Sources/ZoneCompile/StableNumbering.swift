/// Numbers (Suricata sids, FortiGate policy ids) derived from a rule's key, so that adding or removing one rule
/// leaves the others' numbers alone. Collisions move to the next free number, in key order.
enum StableNumbering {
    static func assign(_ keys: [String], in range: ClosedRange<Int>) -> [String: Int] {
        var taken: Set<Int> = []
        var result: [String: Int] = [:]
        let span = UInt64(range.count)
        for key in Set(keys).sorted() {
            var number = range.lowerBound + Int(Identifier.stableHash(key) % span)
            while taken.contains(number) {
                number = number == range.upperBound ? range.lowerBound : number + 1
            }
            taken.insert(number)
            result[key] = number
        }
        return result
    }
}
