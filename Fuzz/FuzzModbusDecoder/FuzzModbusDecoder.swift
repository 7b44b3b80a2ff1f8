import Foundation
import ModbusDPI
import NIOCore

/// A policy with every kind of limit, so evaluation walks all of its steps.
let fuzzPolicy = ModbusPolicy(rules: [
    ModbusRule(id: "reads", sources: [IPPrefix("10.0.0.0/8")!], units: [1...4], functions: [
        ModbusFunctionRule(code: 3, addresses: [0...99, 200...299]),
        ModbusFunctionRule(code: 16, addresses: [100...110], values: [0...800]),
        ModbusFunctionRule(code: 8, subfunctions: [0]),
        ModbusFunctionRule(code: 43, meiTypes: [14]),
    ]),
])

/// Frames the input as a client stream, then judges, tracks and answers every frame with the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModbusDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var buffer = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    var decoder = ModbusFrameDecoder()
    var machine = ModbusGuardStateMachine(source: IPPrefix("10.1.2.3")!, destination: IPPrefix("10.20.1.10")!)
    let now = NIODeadline.uptimeNanoseconds(0)
    while true {
        guard let frame = try? decoder.decode(buffer: &buffer) else { break }
        _ = machine.clientFrame(frame, policy: fuzzPolicy, now: now)
        if let request = try? ModbusRequest(pdu: frame.pdu) {
            try? request.validate(response: frame.pdu, request: frame.pdu)
        }
        _ = machine.upstreamFrame(frame, policy: fuzzPolicy, now: now)
    }
    _ = try? decoder.decodeLast(buffer: &buffer, seenEOF: true)
    _ = machine.expire(now: now + .seconds(60), policy: fuzzPolicy)
    return 0
}

#if FUZZING
/// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer's driver from there.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzModbusDecoder_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzModbusDecoder)
}
#else
/// Without libFuzzer the target replays files (a corpus) through the same entry point.
@main
enum ReplayCorpus {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            _ = bytes.withUnsafeBufferPointer { fuzzModbusDecoder($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            print("ok \(path)")
        }
    }
}
#endif
