import DataDiode
import Foundation
import FuzzSupport
import NIOCore

/// Feeds arbitrary bytes to every decoder of the receive path: the frame header, an authenticated
/// open with a fixed key, and the payload decoders that run after authentication.
private enum FuzzKey {
    static let key = try! DiodeKey(bytes: Array(repeating: 7, count: 32))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDiodeDatagram(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    _ = try? DiodeFrame.open(ByteBuffer(bytes: bytes), with: FuzzKey.key.sessionKey(1))
    _ = try? ShardPayload.decode(bytes)
    _ = try? BeaconPayload.decode(bytes)
    _ = try? DiodeItem.decodeAll(bytes)
    // The receiver parses the data shards of a group in one pass; the first byte picks the shard length.
    _ = bytes.withUnsafeBytes { try? DiodeItem.decodeAll($0, shardLength: max(1, Int(bytes.first ?? 1))) }
    _ = bytes.withUnsafeBytes { try? ShardPayload.Header($0) }
    _ = try? FileItem.decode(bytes)
    return 0
}

#if FUZZING
@_cdecl("FuzzDiodeDatagram_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzDiodeDatagram)
}
#else
@main
enum ReplayCorpus {
    static func main() throws { try FuzzDriver.replay(fuzzDiodeDatagram) }
}
#endif
