import DataDiode
import Foundation
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
    _ = try? FileItem.decode(bytes)
    return 0
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<target>_main`; in fuzz builds libFuzzer takes over.
@_cdecl("FuzzDiodeDatagram_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzDiodeDatagram)
}
#else
/// Without libFuzzer the target replays the files named on its command line.
@main
enum FuzzDiodeDatagramReplay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            _ = bytes.withUnsafeBufferPointer { fuzzDiodeDatagram($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            print("ok \(path)")
        }
    }
}
#endif
