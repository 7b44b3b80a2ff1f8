import Foundation
import FuzzSupport
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
/// The same bytes cut into reads (of a size taken from the input length) must give the same frames.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModbusDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var buffer = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    let chunked = framesInReads(of: 1 + size % 13, buffer)
    var decoder = ModbusFrameDecoder()
    var machine = ModbusGuardStateMachine(source: IPPrefix("10.1.2.3")!, destination: IPPrefix("10.20.1.10")!)
    let now = NIODeadline.uptimeNanoseconds(0)
    var frames: [ModbusFrame] = []
    while true {
        guard let frame = try? decoder.decode(buffer: &buffer) else { break }
        frames.append(frame)
        _ = machine.clientFrame(frame, policy: fuzzPolicy, now: now)
        if let request = try? ModbusRequest(pdu: frame.pdu) {
            try? request.validate(response: frame.pdu, request: frame.pdu)
        }
        _ = machine.upstreamFrame(frame, policy: fuzzPolicy, now: now)
    }
    _ = try? decoder.decodeLast(buffer: &buffer, seenEOF: true)
    _ = machine.expire(now: now + .seconds(60), policy: fuzzPolicy)
    precondition(chunked == frames, "frames differ when the stream arrives in reads")
    return 0
}

/// The frames of `stream` delivered in reads of `size` bytes through ``ModbusFrameReader``, up to the first error.
func framesInReads(of size: Int, _ stream: ByteBuffer) -> [ModbusFrame] {
    let reader = ModbusFrameReader()
    var frames: [ModbusFrame] = []
    var offset = 0
    while offset < stream.readableBytes {
        let length = min(size, stream.readableBytes - offset)
        let read = stream.getSlice(at: stream.readerIndex + offset, length: length)!
        offset += length
        do {
            _ = try reader.read(read, allocator: ByteBufferAllocator()) { frame in
                frames.append(frame)
                return true
            }
        } catch {
            break
        }
    }
    return frames
}

#if FUZZING
@_cdecl("FuzzModbusDecoder_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzModbusDecoder)
}
#else
@main
enum ReplayCorpus {
    static func main() throws { try FuzzDriver.replay(fuzzModbusDecoder) }
}
#endif
