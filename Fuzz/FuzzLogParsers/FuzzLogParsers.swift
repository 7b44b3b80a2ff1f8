import Foundation
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
/// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzLogParsers_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzLogParsers)
}
#else
/// Without libFuzzer the target replays files (a corpus) through the same entry point.
@main
enum ReplayCorpus {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            _ = data.withUnsafeBytes { buffer in
                fuzzLogParsers(buffer.bindMemory(to: UInt8.self).baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            }
            print("ok \(path)")
        }
    }
}
#endif
