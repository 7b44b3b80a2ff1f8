import DataDiode
import NIOCore

/// Feeds arbitrary bytes to every decoder of the receive path: the frame header, an authenticated
/// open with a fixed key, and the payload decoders that run after authentication.
private enum FuzzKey {
    static let key = try! DiodeKey(bytes: Array(repeating: 7, count: 32))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    _ = try? DiodeFrame.open(ByteBuffer(bytes: bytes), with: FuzzKey.key.sessionKey(1))
    _ = try? ShardPayload.decode(bytes)
    _ = try? BeaconPayload.decode(bytes)
    _ = try? DiodeItem.decodeAll(bytes)
    _ = try? FileItem.decode(bytes)
    return 0
}
