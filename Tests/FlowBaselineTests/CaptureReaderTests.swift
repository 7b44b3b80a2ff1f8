import FlowBaseline
import Foundation
import Testing

/// The reader and decoder on the synthetic captures: tags, IPv6, cooked captures, pcapng sections, truncation.
struct CaptureReaderTests {
    static let client = FlowAddress("198.18.0.10")!
    static let server = FlowAddress("198.18.0.20")!

    @Test func vlanAndQinQTagsAreKeptAsVLANFacts() throws {
        let (aggregator, summary, error) = Fixtures.aggregate(try Fixtures.bytes("synthetic", "vlan-qinq.pcap"))
        #expect(error == nil)
        #expect(summary?.packets == 6)
        let flow = try #require(aggregator.flows.first { $0.key.server == Self.server })
        #expect(flow.vlans.texts == ["10", "100.20"])
        #expect(flow.key.client == Self.client && flow.key.port == 502 && flow.service == .modbus)
        let asset = try #require(AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs).first { $0.address == Self.server })
        #expect(asset.vendors == ["Siemens"])
        #expect(asset.vlans == ["10", "100.20"])
    }

    @Test func ipv6WithNanosecondsInBigEndian() throws {
        let (aggregator, summary, error) = Fixtures.aggregate(try Fixtures.bytes("synthetic", "ipv6-ns-bigendian.pcap"))
        #expect(error == nil)
        #expect(summary?.nanosecondTimestamps == true && summary?.swappedByteOrder == true)
        let flow = try #require(aggregator.flows.first)
        #expect(flow.key.client.description == "fd00::a")
        #expect(flow.key.server.description == "fd00::14")
        #expect(flow.firstSeen == 1_700_000_000_123_456_789)
        #expect(flow.lastSeen == 1_700_000_005_123_456_789)
        #expect(flow.requestCodes.members == [3, 6])
        #expect(flow.exceptions == 1)
        #expect(flow.operations.contains(.write) && flow.operations.contains(.read) && flow.operations.contains(.exception))
    }

    @Test(arguments: ["sll.pcap", "sll2.pcap"])
    func linuxCookedCaptures(name: String) throws {
        let (aggregator, summary, error) = Fixtures.aggregate(try Fixtures.bytes("synthetic", name))
        #expect(error == nil)
        #expect(summary?.packets == 6)
        let flow = try #require(aggregator.flows.first)
        #expect(flow.key == FlowKey(client: Self.client, server: Self.server, transport: FlowTransport.tcp, port: 502))
        #expect(flow.packetsToServer == 3 && flow.packetsToClient == 3)
        #expect(aggregator.macs[Self.server] == [0x000E_8C01_0203])
    }

    @Test func pcapngWithTwoInterfacesAndTwoSections() throws {
        let (aggregator, summary, error) = Fixtures.aggregate(try Fixtures.bytes("synthetic", "two-interfaces.pcapng"))
        #expect(error == nil)
        #expect(summary?.format == .pcapng)
        #expect(summary?.packets == 7)
        #expect(summary?.interfaces == [LinkType.ethernet, LinkType.raw, LinkType.ethernet])
        let modbus = try #require(aggregator.flows.first { $0.key.port == 502 })
        #expect(modbus.packets == 6)
        #expect(modbus.firstSeen == 1_700_000_000_000_000_000)
        let ntp = try #require(aggregator.flows.first { $0.key.port == 123 })
        #expect(ntp.service == .ntp && ntp.serviceConfirmed)
    }

    @Test func truncatedLastRecordKeepsEarlierPackets() throws {
        let bytes = try Fixtures.bytes("synthetic", "raw-truncated.pcap")
        let (aggregator, _, error) = Fixtures.aggregate(bytes)
        let failure = try #require(error)
        #expect(failure.code == .recordPastEnd)
        #expect(aggregator.packets == 5)
        // The sixth record starts after the file header and five records of 16 + 40/40/52/53/52 bytes.
        let frameBytes = [40, 40, 52, 53, 52].reduce(0, +)
        let expectedOffset = UInt64(24 + 16 * 5 + frameBytes)
        #expect(failure.offset == expectedOffset)
    }

    @Test func readsFromAPipeInSmallPieces() throws {
        let bytes = try Fixtures.bytes("captures", "modbusSmall.pcap")
        let pipe = Pipe()
        let writer = Thread {
            pipe.fileHandleForWriting.write(Data(bytes))
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let aggregator = TrafficAggregator()
        let summary = try aggregator.ingest(CaptureReader(source: FileDescriptorSource(descriptor: pipe.fileHandleForReading.fileDescriptor), bufferSize: 1 << 16))
        #expect(summary.packets == 166)
        #expect(aggregator.flows.contains { $0.service == .modbus })
    }
}
