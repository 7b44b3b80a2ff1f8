import Foundation
import ZoneCore

/// Feeds one input through everything that reads a model: loader, lint, access policy and reachability.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelLoader(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let result = ModelLoader.load(data: Data(bytes: bytes, count: count), file: "fuzz.yaml")
    if let model = result.model {
        _ = Linter.lint(model, options: LintOptions(strict: true))
        _ = AccessPolicy(model: model)
        _ = ReachabilityGraph(model: model, assumeCompromise: true).closure()
    }
    return 0
}

#if FUZZING
/// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzModelLoader_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzModelLoader)
}
#else
/// Without libFuzzer the target replays files (a corpus) through the same entry point.
@main
enum ReplayCorpus {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            _ = data.withUnsafeBytes { buffer in
                fuzzModelLoader(buffer.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            }
            print("ok \(path)")
        }
    }
}
#endif
