import DataDiode
import Foundation

/// Measures Reed–Solomon encode and decode throughput on one core.
/// Usage: DiodeErasureBenchmark DATA_FILE K M SHARD_BYTES SECONDS
/// DATA_FILE holds K × SHARD_BYTES bytes; decode rebuilds M lost data shards from parity each round.
let arguments = CommandLine.arguments
guard arguments.count == 6, let k = Int(arguments[2]), let m = Int(arguments[3]), let shardBytes = Int(arguments[4]),
    let seconds = Double(arguments[5]), let raw = FileManager.default.contents(atPath: arguments[1]), raw.count >= k * shardBytes
else {
    FileHandle.standardError.write(Data("usage: DiodeErasureBenchmark DATA_FILE K M SHARD_BYTES SECONDS\n".utf8))
    exit(64)
}
let bytes = Array(raw)
let data = (0..<k).map { Array(bytes[$0 * shardBytes..<($0 + 1) * shardBytes]) }
let code = try ReedSolomonCode(dataShards: k, parityShards: m)
let parity = code.parity(of: data)
let decoder = ErasureDecoder(code: code)

func measure(_ body: () -> Void) -> Double {
    var rounds = 0
    let clock = ContinuousClock()
    let start = clock.now
    let limit = Duration.milliseconds(Int64(seconds * 1000))
    while start.duration(to: clock.now) < limit {
        body()
        rounds += 1
    }
    let elapsed = start.duration(to: clock.now)
    let (whole, fraction) = elapsed.components
    return Double(rounds * k * shardBytes) / (Double(whole) + Double(fraction) * 1e-18) / 1e9
}

var sink = 0
let encode = measure { sink &+= Int(code.parity(of: data)[0][0]) }
let decode = measure {
    var shards: [[UInt8]?] = data.map { $0 } + parity.map { $0 }
    for lost in 0..<m { shards[lost * (k / m)] = nil }
    _ = decoder.reconstruct(&shards)
    sink &+= Int(shards[0]![0])
}
print(String(format: "encode_gbps=%.3f decode_gbps=%.3f", encode, decode))
if sink == 42 { print("") }
