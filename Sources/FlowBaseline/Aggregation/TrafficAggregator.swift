/// Folds decoded packets into flows and per-address layer-2 facts. Memory grows with the number of flows
/// and addresses, not with the number of packets or connections.
public final class TrafficAggregator {
    public private(set) var flows: [FlowRecord] = []
    private var flowIndex: [FlowKey: Int] = [:]
    private var connections: ConnectionTable
    /// MAC addresses seen as the link-layer source or destination of each IP address.
    public private(set) var macs: [FlowAddress: Set<UInt64>] = [:]
    public private(set) var packets = 0
    public private(set) var nonIPPackets = 0
    private var frame = DecodedFrame()
    private var observation = FlowObservation()

    /// `connectionSlots` (a power of two) bounds the connections followed at once; when half are in use the table
    /// starts over, and connections seen later take their direction from ports. 2^17 slots take about 11 MB.
    public init(connectionSlotsPowerOfTwo: Int = 17) {
        connections = ConnectionTable(capacityPowerOfTwo: max(4, min(connectionSlotsPowerOfTwo, 24)))
    }

    /// Reads a whole capture into the aggregate. On a ``CaptureError`` the packets before it stay counted.
    @discardableResult
    public func ingest<Source: ByteSource>(_ reader: CaptureReader<Source>, progress: ((UInt64, Int) -> Void)? = nil) throws -> CaptureSummary {
        var seen = 0
        return try reader.forEachPacket { packet in
            add(packet)
            seen += 1
            if let progress, seen & 0xFFFF == 0 { progress(packet.offset, seen) }
        }
    }

    @inline(__always)
    public func add(_ packet: CapturePacket) {
        packets += 1
        PacketDecoder.decode(packet.bytes, linkType: packet.linkType, into: &frame)
        if frame.isIP {
            addIP(packet)
        } else if frame.hasMAC, let service = IndustrialIdentifiers.layer2(etherType: frame.etherType, payload: frame.payload) {
            addLayer2(packet, service: service)
        } else {
            nonIPPackets += 1
        }
    }

    @inline(__always)
    private func addIP(_ packet: CapturePacket) {
        let sourceFirst = (frame.source, frame.sourcePort) <= (frame.destination, frame.destinationPort)
        let a = sourceFirst ? frame.source : frame.destination
        let b = sourceFirst ? frame.destination : frame.source
        let aPort = sourceFirst ? frame.sourcePort : frame.destinationPort
        let bPort = sourceFirst ? frame.destinationPort : frame.sourcePort
        let key = ConnectionTable.Key(
            aHigh: a.high, aLow: a.low, bHigh: b.high, bLow: b.low,
            rest: UInt64(aPort) << 48 | UInt64(bPort) << 32 | UInt64(frame.ipProtocol) << 8 | UInt64(a.kind.rawValue))
        let index: Int
        let fromClient: Bool
        let slot: Int
        if let found = connections.find(key) {
            index = found.flow
            fromClient = found.aIsClient == sourceFirst
            slot = found.slot
        } else {
            let sourceIsClient = sourceIsClient()
            let client = sourceIsClient ? frame.source : frame.destination
            let server = sourceIsClient ? frame.destination : frame.source
            let port = frame.hasPorts ? (sourceIsClient ? frame.destinationPort : frame.sourcePort) : 0
            index = flow(for: FlowKey(client: client, server: server, transport: frame.ipProtocol, port: port), at: packet.timestampNanos)
            slot = connections.insert(key, flow: index, aIsClient: sourceIsClient == sourceFirst)
            fromClient = sourceIsClient
        }
        let streamIndex = 2 * slot + (fromClient ? 0 : 1)
        if frame.hasMAC && !connections.streams[streamIndex].macsRecorded {
            connections.streams[streamIndex].macsRecorded = true
            recordMACs()
        }
        count(packet, flow: index, fromClient: fromClient)
        guard frame.hasPorts && frame.payload.count > 0 else { return }
        if frame.ipProtocol == FlowTransport.tcp && !followStream(slot: slot, fromClient: fromClient) { return }
        inspect(flow: index, fromClient: fromClient, slot: slot)
    }

    /// Drops retransmitted TCP payload and the tail of a frame that began in an earlier segment, as a reassembling
    /// dissector would; false when nothing of the payload is new. Adjusts `frame.payload` to the new part.
    @inline(__always)
    private func followStream(slot: Int, fromClient: Bool) -> Bool {
        let streamIndex = 2 * slot + (fromClient ? 0 : 1)
        var stream = connections.streams[streamIndex]
        let sequence = frame.tcpSequence
        if stream.known && Int32(bitPattern: sequence &- stream.nextSequence) < 0 { return false }
        stream.nextSequence = sequence &+ UInt32(frame.payload.count)
        stream.known = true
        if stream.skip > 0 {
            if stream.skip >= frame.payload.count {
                stream.skip -= frame.payload.count
                connections.streams[streamIndex] = stream
                return false
            }
            frame.payload = frame.payload.tail(from: stream.skip)
            stream.skip = 0
        }
        connections.streams[streamIndex] = stream
        return true
    }

    /// Links the frame's IP addresses to its MAC addresses (not to group addresses).
    private func recordMACs() {
        macs[frame.source, default: []].insert(frame.sourceMAC)
        if frame.hasDestinationMAC && frame.destinationMAC & 0x0100_0000_0000 == 0 {
            macs[frame.destination, default: []].insert(frame.destinationMAC)
        }
    }

    /// Which side opened the connection: the SYN sender, else the side not on the service's port.
    @inline(__always)
    private func sourceIsClient() -> Bool {
        if frame.ipProtocol == FlowTransport.tcp {
            if frame.isSYN { return true }
            if frame.isSYNACK { return false }
        }
        guard frame.hasPorts else { return frame.source <= frame.destination }
        let sourceKnown = Service.guess(transport: frame.ipProtocol, port: frame.sourcePort) != .unknown
        let destinationKnown = Service.guess(transport: frame.ipProtocol, port: frame.destinationPort) != .unknown
        if sourceKnown != destinationKnown { return destinationKnown }
        if frame.sourcePort != frame.destinationPort { return frame.destinationPort < frame.sourcePort }
        return frame.source <= frame.destination
    }

    private func flow(for key: FlowKey, at time: Int64) -> Int {
        if let existing = flowIndex[key] { return existing }
        let service = key.transport == FlowTransport.tcp || key.transport == FlowTransport.udp
            ? Service.guess(transport: key.transport, port: key.port) : .unknown
        flows.append(FlowRecord(key: key, service: service, firstSeen: time))
        flowIndex[key] = flows.count - 1
        return flows.count - 1
    }

    @inline(__always)
    private func count(_ packet: CapturePacket, flow index: Int, fromClient: Bool) {
        let length = UInt64(packet.originalLength)
        if fromClient {
            flows[index].packetsToServer += 1
            flows[index].bytesToServer += length
        } else {
            flows[index].packetsToClient += 1
            flows[index].bytesToClient += length
        }
        if packet.timestampNanos > flows[index].lastSeen { flows[index].lastSeen = packet.timestampNanos }
        if packet.timestampNanos < flows[index].firstSeen { flows[index].firstSeen = packet.timestampNanos }
        if frame.outerVLAN != 0 || frame.innerVLAN != 0 { flows[index].vlans.insert(outer: frame.outerVLAN, inner: frame.innerVLAN) }
    }

    @inline(__always)
    private func inspect(flow index: Int, fromClient: Bool, slot: Int) {
        if !flows[index].serviceConfirmed && flows[index].identificationAttempts < 8 {
            flows[index].identificationAttempts += 1
            if let service = ProtocolIdentifier.identify(frame.payload, transport: frame.ipProtocol, serverPort: flows[index].key.port) {
                flows[index].service = service
                flows[index].serviceConfirmed = true
            }
        }
        let service = flows[index].service
        guard ProtocolIdentifier.hasFunctionParser(service) else { return }
        observation = FlowObservation()
        ProtocolIdentifier.analyze(frame.payload, service: service, fromClient: fromClient, into: &observation)
        if observation.continuation > 0 && frame.ipProtocol == FlowTransport.tcp {
            connections.streams[2 * slot + (fromClient ? 0 : 1)].skip = observation.continuation
        }
        if !observation.isEmpty { flows[index].apply(observation) }
    }

    private func addLayer2(_ packet: CapturePacket, service: Service) {
        let key = FlowKey(client: FlowAddress(mac: frame.sourceMAC), server: FlowAddress(mac: frame.destinationMAC),
                          transport: FlowTransport.ethernet, port: frame.etherType)
        let index = flow(for: key, at: packet.timestampNanos)
        flows[index].service = service
        flows[index].serviceConfirmed = true
        count(packet, flow: index, fromClient: true)
        if service == .profinetDCP { flows[index].operations.insert(.identity) }
    }

    /// Adds a flow record from another source (a Zeek log), merging with the same flow.
    public func merge(_ record: FlowRecord) {
        if let existing = flowIndex[record.key] {
            flows[existing].merge(record)
        } else {
            flows.append(record)
            flowIndex[record.key] = flows.count - 1
        }
    }

    public func addMAC(_ mac: UInt64, for address: FlowAddress) { macs[address, default: []].insert(mac) }
}
