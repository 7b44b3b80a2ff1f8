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
    private let parityCoefficients: PreparedCoefficients

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
        parityCoefficients = PreparedCoefficients(Array(generator.elements[(dataShards * dataShards)...]))
    }

    /// Computes the parity shards of `length` bytes from the data shards, in place: no copies, no allocation
    /// beyond the two pointer lists.
    package func encode(data: [UnsafePointer<UInt8>], parity: [UnsafeMutablePointer<UInt8>], length: Int) {
        precondition(data.count == dataShardCount && parity.count == parityShardCount, "wrong number of shards")
        parityCoefficients.apply(outputs: parityShardCount, inputs: dataShardCount, sources: data, destinations: parity, length: length)
    }

    /// The parity shards of `data` (exactly `dataShardCount` shards of one length).
    package func parity(of data: [[UInt8]]) -> [[UInt8]] {
        precondition(data.count == dataShardCount, "wrong number of data shards")
        let length = data[0].count
        precondition(data.allSatisfy { $0.count == length }, "data shards differ in length")
        var flat = [UInt8](repeating: 0, count: max(1, parityShardCount * length))
        data.withPointers { sources in
            flat.withUnsafeMutableBufferPointer { output in
                let destinations = (0..<parityShardCount).map { output.baseAddress! + $0 * length }
                encode(data: sources, parity: destinations, length: length)
            }
        }
        return (0..<parityShardCount).map { Array(flat[$0 * length..<($0 + 1) * length]) }
    }
}

/// Rebuilds missing data shards, caching per erasure pattern the prepared coefficients of the
/// inverted decode rows it needs.
package final class ErasureDecoder {
    package let code: ReedSolomonCode
    private var plans: [[Int]: PreparedCoefficients] = [:]
    private static let cacheLimit = 256

    package init(code: ReedSolomonCode) { self.code = code }

    /// Rebuilds the data shards `missing` (indices below `dataShardCount`) from exactly `dataShardCount`
    /// shards `present` (indices in ascending order, pointers in the same order).
    package func rebuild(
        present: [Int], sources: [UnsafePointer<UInt8>], missing: [Int], destinations: [UnsafeMutablePointer<UInt8>], length: Int
    ) {
        precondition(present.count == code.dataShardCount && sources.count == present.count && destinations.count == missing.count)
        plan(present: present, missing: missing).apply(
            outputs: missing.count, inputs: present.count, sources: sources, destinations: destinations, length: length)
    }

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
        let length = shards[present[0]]!.count
        var flat = [UInt8](repeating: 0, count: missing.count * length)
        present.map { shards[$0]! }.withPointers { sources in
            flat.withUnsafeMutableBufferPointer { output in
                let destinations = missing.indices.map { output.baseAddress! + $0 * length }
                rebuild(present: present, sources: sources, missing: missing, destinations: destinations, length: length)
            }
        }
        for (row, target) in missing.enumerated() { shards[target] = Array(flat[row * length..<(row + 1) * length]) }
        return true
    }

    /// The decode rows for `missing` over the `present` shards.
    private func plan(present: [Int], missing: [Int]) -> PreparedCoefficients {
        let key = present + [-1] + missing
        if let cached = plans[key] { return cached }
        guard let inverse = code.generator.selectingRows(present).inverted() else {
            preconditionFailure("every k rows of an MDS generator are independent")
        }
        let prepared = PreparedCoefficients(missing.flatMap { target in (0..<present.count).map { inverse[target, $0] } })
        if plans.count >= Self.cacheLimit { plans.removeAll(keepingCapacity: true) }
        plans[key] = prepared
        return prepared
    }
}

/// Coefficients of a matrix over GF(2^8) in the form the C kernels read (bit matrices and nibble tables).
private struct PreparedCoefficients: Sendable {
    private let bytes: [UInt8]

    init(_ coefficients: [UInt8]) {
        var prepared = [UInt8](repeating: 0, count: max(1, coefficients.count) * Int(DIODE_GF_PREPARED_SIZE))
        prepared.withUnsafeMutableBufferPointer { diode_gf_prepare(coefficients, coefficients.count, $0.baseAddress) }
        bytes = prepared
    }

    func apply(
        outputs: Int, inputs: Int, sources: [UnsafePointer<UInt8>], destinations: [UnsafeMutablePointer<UInt8>], length: Int
    ) {
        guard outputs > 0, length > 0 else { return }
        bytes.withUnsafeBufferPointer { prepared in
            // A non-optional pointer has the layout of an optional one, so the lists are passed without copying.
            sources.withUnsafeBufferPointer { input in
                input.withMemoryRebound(to: UnsafePointer<UInt8>?.self) { input in
                    destinations.withUnsafeBufferPointer { output in
                        output.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self) { output in
                            diode_gf_dot_products(prepared.baseAddress, outputs, inputs, input.baseAddress, output.baseAddress, length)
                        }
                    }
                }
            }
        }
    }
}

extension Array where Element == [UInt8] {
    /// Calls `body` with a pointer to the storage of every element.
    func withPointers<R>(_ body: ([UnsafePointer<UInt8>]) -> R) -> R {
        var pointers = [UnsafePointer<UInt8>]()
        pointers.reserveCapacity(count)
        func nest(_ index: Int) -> R {
            guard index < count else { return body(pointers) }
            return self[index].withUnsafeBufferPointer { buffer in
                pointers.append(buffer.baseAddress!)
                return nest(index + 1)
            }
        }
        return nest(0)
    }
}
