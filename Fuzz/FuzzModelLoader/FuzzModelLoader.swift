import Foundation
import FuzzSupport
@_spi(Testing) import ZoneCore

/// Feeds one input through everything that reads a model: loader, lint, access policy and reachability. Reading
/// the text in pieces, as large models are read, must give exactly what reading it whole gives.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelLoader(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    precondition(PiecewiseReading.agrees(UnsafeBufferPointer(start: bytes, count: count)), "reading in pieces differs from reading whole")
    let result = ModelLoader.load(data: Data(bytes: bytes, count: count), file: "fuzz.yaml")
    if let model = result.model {
        _ = Linter.lint(model, options: LintOptions(strict: true))
        _ = AccessPolicy(model: model)
        _ = ReachabilityGraph(model: model, assumeCompromise: true).closure()
    }
    return 0
}

#if FUZZING
@_cdecl("FuzzModelLoader_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzModelLoader)
}
#else
@main
enum ReplayCorpus {
    static func main() throws { try FuzzDriver.replay(fuzzModelLoader) }
}
#endif
