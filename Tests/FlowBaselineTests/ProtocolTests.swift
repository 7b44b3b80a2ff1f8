import FlowBaseline
import Testing

/// Protocol identification by payload, function classes and roles on the public captures.
struct ProtocolTests {
    func flows(_ name: String) throws -> TrafficAggregator {
        let (aggregator, _, error) = Fixtures.aggregate(try Fixtures.bytes("captures", name))
        #expect(error == nil)
        return aggregator
    }

    @Test func opcUAOnANonStandardPort() throws {
        let flow = try #require(try flows("opc-ua-ap-method-wireshark-freeze.pcap").flows.first { $0.key.port == 12001 })
        #expect(flow.service == .opcua && flow.serviceConfirmed)
        let assets = AssetInventory.assets(flows: [flow], macs: [:])
        #expect(assets.first { $0.address == flow.key.server }?.role == .opcServer)
    }

    @Test func s7ReadVariableFromTheHMI() throws {
        let aggregator = try flows("s7comm_clean.pcap")
        let flow = try #require(aggregator.flows.first { $0.service == .s7comm })
        #expect(flow.requestCodes.contains(0x04))
        #expect(flow.operations.contains(.read))
        let plc = try #require(AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs).first { $0.address == flow.key.server })
        #expect(plc.role == .plc)
        #expect(plc.vendors == ["Siemens"])
        #expect(plc.evidence.contains { $0.hasPrefix("serves S7comm to 1 client") })
    }

    @Test func modbusEvidenceNamesClientsAndFunctionCodes() throws {
        let aggregator = try flows("ModbusTCP.pcap")
        let assets = AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs)
        let master = try #require(assets.first { $0.address == FlowAddress("141.81.0.10") })
        #expect(master.role == .hmi)
        #expect(master.evidence.contains("uses Modbus/TCP on 13 servers (read, write)"))
        let plc = try #require(assets.first { $0.address == FlowAddress("141.81.0.44") })
        #expect(plc.role == .plc && plc.purdueTenths == 10)
        #expect(plc.evidence.contains("serves Modbus/TCP to 1 client; answered FC 1/2/4/15/16"))
    }

    @Test func dnp3ControlMakesAnEngineeringWorkstation() throws {
        let aggregator = try flows("dnp3.pcap")
        let assets = AssetInventory.assets(flows: aggregator.flows, macs: aggregator.macs)
        #expect(assets.first { $0.address == FlowAddress("10.0.0.3") }?.role == .rtu)
        #expect(assets.first { $0.address == FlowAddress("10.0.0.8") }?.role == .engineeringWorkstation)
    }

    @Test func iec104AndBACnetAndGOOSEAndMMS() throws {
        #expect(try flows("IEC104_SQ.pcapng").flows.first?.service == .iec104)
        // The capture opens with two empty datagrams, which only the port names as BACnet.
        let bacnet = try flows("bacnet_test.pcap").flows
        #expect(bacnet.allSatisfy { $0.service == .bacnet })
        #expect(bacnet.contains { $0.serviceConfirmed && $0.packets == 22 })
        let iec61850 = try flows("Sample_File_MMS_and_GOOSE.pcap").flows
        #expect(iec61850.contains { $0.service == .goose && $0.key.transport == FlowTransport.ethernet })
        #expect(iec61850.contains { $0.service == .mms && $0.serviceConfirmed })
        #expect(iec61850.contains { $0.service == .ntp && $0.serviceConfirmed })
    }

    @Test func enipServicesAreClassified() throws {
        let flow = try #require(try flows("EthernetIP-CIP.pcap").flows.first { $0.service == .enip })
        #expect(flow.serviceConfirmed)
        #expect(!flow.functionCodes.isEmpty)
    }

    @Test func itProtocolsFromPayload() {
        func identify(_ bytes: [UInt8], _ transport: UInt8 = FlowTransport.tcp, port: UInt16 = 40000) -> Service? {
            bytes.withUnsafeBytes { ProtocolIdentifier.identify($0, transport: transport, serverPort: port) }
        }
        #expect(identify(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == .http)
        #expect(identify(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8)) == .ssh)
        #expect(identify([0, 0, 0, 0x40, 0xFE, 0x53, 0x4D, 0x42] + [UInt8](repeating: 0, count: 60)) == .smb)
        #expect(identify(Array("<134>Nov 26 host app: message".utf8), FlowTransport.udp, port: 514) == .syslog)
        let hello = Self.clientHello(serverName: "historian.plant.example")
        #expect(identify(hello, port: 8443) == .tls)
        #expect(hello.withUnsafeBytes { ITIdentifiers.serverName($0) } == "historian.plant.example")
        let rdp: [UInt8] = [3, 0, 0, 0x2B, 0x26, 0xE0, 0, 0, 0, 0, 0] + Array("Cookie: mstshash=operator\r\n".utf8) + [1, 0, 8, 0, 3, 0, 0, 0]
        #expect(identify(rdp, port: 3389) == .rdp)
    }

    /// A minimal TLS 1.2 ClientHello with one server_name extension.
    static func clientHello(serverName: String) -> [UInt8] {
        let name = Array(serverName.utf8)
        let sniBody: [UInt8] = [0, UInt8(name.count + 3), 0, 0, UInt8(name.count)] + name
        let ext: [UInt8] = [0, 0, 0, UInt8(sniBody.count)] + sniBody
        var body: [UInt8] = [3, 3] + [UInt8](repeating: 7, count: 32) + [0] + [0, 2, 0x13, 0x01] + [1, 0]
        body += [0, UInt8(ext.count)] + ext
        let handshake: [UInt8] = [1, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
        return [0x16, 3, 1, UInt8(handshake.count >> 8), UInt8(handshake.count & 0xFF)] + handshake
    }
}
