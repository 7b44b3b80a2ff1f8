import FlowBaseline
import Foundation
import FuzzSupport

/// One entry point for the capture reader and every payload parser; the first byte picks the target:
/// below 0x20 the rest is a whole capture (reader, decoders, aggregation, roles), below 0x28 one frame of a
/// link type, otherwise one payload for the protocol identifier and the function-level parser of a service.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlowBaseline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    if selector < 0x20 {
        let aggregator = TrafficAggregator(connectionSlotsPowerOfTwo: 6)
        _ = try? aggregator.ingest(CaptureReader(source: MemorySource(Array(body)), bufferSize: 1 << 16))
        _ = AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs)
        return 0
    }
    if selector < 0x28 {
        var frame = DecodedFrame()
        let linkTypes: [UInt32] = [
            LinkType.ethernet, LinkType.linuxSLL, LinkType.linuxSLL2, LinkType.raw, LinkType.ipv4, LinkType.ipv6, LinkType.rawBSD, 0,
        ]
        PacketDecoder.decode(body, linkType: linkTypes[Int(selector & 7)], into: &frame)
        return 0
    }
    let services = Service.allCases
    let service = services[Int(selector) % services.count]
    var observation = FlowObservation()
    _ = ProtocolIdentifier.identify(body, transport: selector & 1 == 0 ? FlowTransport.tcp : FlowTransport.udp, serverPort: 502)
    ProtocolIdentifier.analyze(body, service: service, fromClient: selector & 2 == 0, into: &observation)
    _ = ITIdentifiers.serverName(body)
    _ = IndustrialIdentifiers.bacnetOperation(body)
    if let text = String(bytes: body, encoding: .utf8) {
        _ = try? ZeekLogReader.read(text, into: TrafficAggregator(connectionSlotsPowerOfTwo: 4))
    }
    return 0
}

#if FUZZING
@_cdecl("FuzzFlowBaseline_main")
func fuzzerEntryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzFlowBaseline)
}
#else
@main
enum ReplayCorpus {
    static func main() throws { try FuzzDriver.replay(fuzzFlowBaseline) }
}
#endif
