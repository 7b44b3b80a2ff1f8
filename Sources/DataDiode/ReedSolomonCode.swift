import CDiodeKernels

/// A systematic Reed–Solomon erasure code over GF(2^8) with `dataShardCount` data shards and
/// `parityShardCount` parity shards: any `dataShardCount` of the shards rebuild the data.
///
/// The generator is zfec's (Rizzo 1997): a Vandermonde matrix evaluated at 0, α^0, α^1, …, multiplied
/// by the inverse of its top square so that the data shards go out unchanged. Parity bytes are
/// therefore identical to zfec's for the same k and n.
package struct ReedSolomonCode: Sendable {
    package let dataShardCount: Int
    package let parityShardCount: Int
    /// The (k + m) × k generator; its top k rows are the identity.
    package let generator: GaloisMatrix
    private let parityTables: [UInt8]

    package init(dataShards: Int, parityShards: Int) throws(DiodeError) {
        guard dataShards >= 1, parityShards >= 0, dataShards + parityShards <= 256 else {
            throw DiodeError(.invalidConfiguration, "erasure code \(dataShards)+\(parityShards): need k ≥ 1, m ≥ 0, k + m ≤ 256")
        }
        dataShardCount = dataShards
        parityShardCount = parityShards
        let total = dataShards + parityShards
        var vandermonde = GaloisMatrix(rows: total, columns: dataShards)
        vandermonde[0, 0] = 1
        for row in 1..<total {
            for column in 0..<dataShards { vandermonde[row, column] = GaloisField.alphaPower((row - 1) * column) }
        }
        guard let topInverse = vandermonde.selectingRows(Array(0..<dataShards)).inverted() else {
            preconditionFailure("a Vandermonde matrix over distinct points is invertible")
        }
        generator = vandermonde.multiplied(by: topInverse)
        var tables = [UInt8]()
        tables.reserveCapacity(parityShards * dataShards * 32)
        for row in dataShards..<total {
            for column in 0..<dataShards { tables += GaloisField.nibbleTables(generator[row, column]) }
        }
        parityTables = tables
    }

    /// The parity shards of `data` (exactly `dataShardCount` shards of one length).
    package func parity(of data: [[UInt8]]) -> [[UInt8]] {
        precondition(data.count == dataShardCount, "wrong number of data shards")
        let length = data[0].count
        precondition(data.allSatisfy { $0.count == length }, "data shards differ in length")
        var parity = [[UInt8]](repeating: [UInt8](repeating: 0, count: length), count: parityShardCount)
        parityTables.withUnsafeBufferPointer { tables in
            for row in 0..<parityShardCount {
                parity[row].withUnsafeMutableBufferPointer { destination in
                    for column in 0..<dataShardCount {
                        data[column].withUnsafeBufferPointer { source in
                            diode_gf_mul_region(
                                tables.baseAddress! + (row * dataShardCount + column) * 32,
                                source.baseAddress, destination.baseAddress, length, column == 0 ? 0 : 1)
                        }
                    }
                }
            }
        }
        return parity
    }
}

/// Rebuilds missing data shards, caching per erasure pattern the nibble tables of the inverted
/// decode rows it needs.
package final class ErasureDecoder {
    package let code: ReedSolomonCode
    private var plans: [[Int]: [UInt8]] = [:]
    private static let cacheLimit = 256

    package init(code: ReedSolomonCode) { self.code = code }

    /// Fills every missing data shard (indices below `dataShardCount`) of `shards`, which holds one
    /// optional entry per shard index, all present shards of one length.
    /// - Returns: false when fewer than `dataShardCount` shards are present (nothing is changed).
    package func reconstruct(_ shards: inout [[UInt8]?]) -> Bool {
        let k = code.dataShardCount
        precondition(shards.count == k + code.parityShardCount, "one entry per shard index")
        let missing = (0..<k).filter { shards[$0] == nil }
        if missing.isEmpty { return true }
        let present = Array(shards.indices.filter { shards[$0] != nil }.prefix(k))
        guard present.count == k else { return false }
        let tables = plan(present: present, missing: missing)
        let length = shards[present[0]]!.count
        tables.withUnsafeBufferPointer { table in
            for (row, target) in missing.enumerated() {
                var rebuilt = [UInt8](repeating: 0, count: length)
                rebuilt.withUnsafeMutableBufferPointer { destination in
                    for (position, source) in present.enumerated() {
                        shards[source]!.withUnsafeBufferPointer { input in
                            diode_gf_mul_region(
                                table.baseAddress! + (row * k + position) * 32, input.baseAddress, destination.baseAddress, length,
                                position == 0 ? 0 : 1)
                        }
                    }
                }
                shards[target] = rebuilt
            }
        }
        return true
    }

    /// Nibble tables of the decode rows for `missing`, row after row, over the `present` shards.
    private func plan(present: [Int], missing: [Int]) -> [UInt8] {
        let key = present + [-1] + missing
        if let cached = plans[key] { return cached }
        guard let inverse = code.generator.selectingRows(present).inverted() else {
            preconditionFailure("every k rows of an MDS generator are independent")
        }
        var tables = [UInt8]()
        tables.reserveCapacity(missing.count * present.count * 32)
        for target in missing {
            for position in 0..<present.count { tables += GaloisField.nibbleTables(inverse[target, position]) }
        }
        if plans.count >= Self.cacheLimit { plans.removeAll(keepingCapacity: true) }
        plans[key] = tables
        return tables
    }
}
