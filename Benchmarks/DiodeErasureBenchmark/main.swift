import CDiodeKernels
import DataDiode
import Foundation

/// Measures Reed–Solomon encode and decode throughput on one core, on shards kept in place (as the
/// sender and receiver hold them).
/// Usage: DiodeErasureBenchmark DATA_FILE K M SHARD_BYTES SECONDS
/// DATA_FILE holds K × SHARD_BYTES bytes; decode rebuilds M lost data shards from parity each round.
let arguments = CommandLine.arguments
guard arguments.count == 6, let k = Int(arguments[2]), let m = Int(arguments[3]), let shardBytes = Int(arguments[4]),
    let seconds = Double(arguments[5]), let raw = FileManager.default.contents(atPath: arguments[1]), raw.count >= k * shardBytes
else {
    FileHandle.standardError.write(Data("usage: DiodeErasureBenchmark DATA_FILE K M SHARD_BYTES SECONDS\n".utf8))
    exit(64)
}
let code = try ReedSolomonCode(dataShards: k, parityShards: m)
let decoder = ErasureDecoder(code: code)
let shards = UnsafeMutablePointer<UInt8>.allocate(capacity: (k + m) * shardBytes)
raw.withUnsafeBytes { shards.update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: k * shardBytes) }
let rows = (0..<(k + m)).map { shards + $0 * shardBytes }
let dataRows = rows[0..<k].map { UnsafePointer($0) }
let parityRows = Array(rows[k...])
code.encode(data: dataRows, parity: parityRows, length: shardBytes)
let lost = (0..<m).map { $0 * (k / max(m, 1)) }
let present = Array((0..<(k + m)).filter { !lost.contains($0) }.prefix(k))
let rebuilt = UnsafeMutablePointer<UInt8>.allocate(capacity: max(m, 1) * shardBytes)
let rebuiltRows = (0..<m).map { rebuilt + $0 * shardBytes }

func measure(_ body: () -> Void) -> Double {
    var rounds = 0
    let clock = ContinuousClock()
    let start = clock.now
    let limit = Duration.milliseconds(Int64(seconds * 1000))
    while start.duration(to: clock.now) < limit {
        body()
        rounds += 1
    }
    let (whole, fraction) = start.duration(to: clock.now).components
    return Double(rounds * k * shardBytes) / (Double(whole) + Double(fraction) * 1e-18) / 1e9
}

// The best kernel first (the one the agents use), then the slower ones for comparison.
let best = Int(diode_gf_kernel())
let names = ["portable", "avx2", "avx512-gfni"]
for kernel in stride(from: best, through: 0, by: -1) {
    _ = diode_gf_limit_kernel(Int32(kernel))
    for row in rebuiltRows { row.update(repeating: 0, count: shardBytes) }
    let encode = measure { code.encode(data: dataRows, parity: parityRows, length: shardBytes) }
    let decode = measure {
        decoder.rebuild(
            present: present, sources: present.map { UnsafePointer(rows[$0]) }, missing: lost, destinations: rebuiltRows, length: shardBytes)
    }
    let intact = (0..<m).allSatisfy { memcmp(rebuiltRows[$0], rows[lost[$0]], shardBytes) == 0 }
    print(String(format: "encode_gbps=%.3f decode_gbps=%.3f", encode, decode) + " kernel=\(names[kernel]) rebuilt=\(intact ? "ok" : "WRONG")")
}
