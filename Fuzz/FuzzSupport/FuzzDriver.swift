import Foundation

/// The signature of libFuzzer's `LLVMFuzzerTestOneInput`.
public typealias FuzzTestOneInput = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

/// What every fuzz target shares: handing control to libFuzzer in fuzz builds, replaying files otherwise.
public enum FuzzDriver {
    #if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    static func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: FuzzTestOneInput
    ) -> CInt

    /// SwiftPM links an executable's entry point as `<target>_main`; each target's entry calls this.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: FuzzTestOneInput) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, body)
    }
    #endif

    /// Without libFuzzer, a target replays the files named on its command line (a corpus) through its entry point.
    public static func replay(_ body: FuzzTestOneInput) throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            _ = data.withUnsafeBytes { buffer in
                body(buffer.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            }
            print("ok \(path)")
        }
    }
}
