import FlowBaseline

/// One fuzz entry point for the capture reader and every payload parser: the first byte picks the target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlowBaseline(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    if selector < 0x20 {
        let aggregator = TrafficAggregator()
        _ = try? aggregator.ingest(CaptureReader(source: MemorySource(Array(body)), bufferSize: 1 << 16))
        _ = AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs)
        return 0
    }
    if selector < 0x28 {
        var frame = DecodedFrame()
        let linkTypes: [UInt32] = [LinkType.ethernet, LinkType.linuxSLL, LinkType.linuxSLL2, LinkType.raw, LinkType.ipv4, LinkType.ipv6, LinkType.rawBSD, 0]
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
    return 0
}
