import Foundation
import FuzzSupport
import LogAnalysis
import ZoneCore

/// The refinery-like model the fuzzed flows are evaluated against.
private let model = ModelLoader.load(yaml: StarterModel.text, file: "starter.yaml").model!

/// Feeds one input, as log lines, through the nftables, ASA and FortiGate parsers and the would-be-blocked analysis.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogParsers(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var analyzer = LogAnalyzer(options: LogAnalysisOptions(defaultYear: 2026))
    analyzer.read(bytes: UnsafeBufferPointer(start: bytes, count: count), name: "fuzz.log")
    _ = LogAnalysisReport(model: model, analyzer: analyzer).text
    return 0
}

#if FUZZING
@_cdecl("FuzzLogParsers_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzLogParsers)
}
#else
@main
enum ReplayCorpus {
    static func main() throws { try FuzzDriver.replay(fuzzLogParsers) }
}
#endif
