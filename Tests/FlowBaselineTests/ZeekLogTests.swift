import FlowBaseline
import Foundation
import Testing

/// The conn.log/modbus.log pair written for modbusSmall.pcap gives the same flows as the capture.
struct ZeekLogTests {
    @Test func zeekLogsGiveTheSameFlowsAsTheCapture() throws {
        let (fromCapture, _, error) = Fixtures.aggregate(try Fixtures.bytes("captures", "modbusSmall.pcap"))
        #expect(error == nil)
        let fromLogs = TrafficAggregator()
        for log in ["conn.log", "modbus.log"] {
            let text = try String(contentsOf: Fixtures.url("zeek", log), encoding: .utf8)
            #expect(try ZeekLogReader.read(text, into: fromLogs) > 0)
        }
        let captureTCP = fromCapture.flows.filter { $0.key.transport == FlowTransport.tcp }
        #expect(Set(fromLogs.flows.map(\.key)) == Set(captureTCP.map(\.key)))
        for flow in captureTCP {
            let logged = try #require(fromLogs.flows.first { $0.key == flow.key })
            #expect(logged.packets == flow.packets)
            #expect(logged.service == flow.service)
            #expect(logged.functionCodes.map(\.code) == flow.functionCodes.map(\.code))
            #expect(logged.functionCodes.map(\.count) == flow.functionCodes.map(\.count))
            #expect(logged.requestCodes == flow.requestCodes)
        }
    }

    @Test func jsonLinesAndErrors() throws {
        let aggregator = TrafficAggregator()
        let json = """
            {"ts":1700000000.5,"uid":"C1","id.orig_h":"fd00::1","id.orig_p":50000,"id.resp_h":"fd00::2","id.resp_p":502,"proto":"tcp","service":"modbus","duration":2.0,"orig_pkts":3,"orig_ip_bytes":180,"resp_pkts":2,"resp_ip_bytes":120,"vlan":30}
            {"ts":1700000001.0,"uid":"C1","id.orig_h":"fd00::1","id.orig_p":50000,"id.resp_h":"fd00::2","id.resp_p":502,"unit":1,"func":"WRITE_SINGLE_REGISTER","pdu_type":"REQ"}
            """
        #expect(try ZeekLogReader.read(json, into: aggregator) == 2)
        let flow = try #require(aggregator.flows.first)
        #expect(flow.packets == 5 && flow.bytes == 300)
        #expect(flow.vlans.texts == ["30"])
        #expect(flow.requestCodes.members == [6] && flow.operations.contains(.write))
        #expect(flow.lastSeen - flow.firstSeen == 2_000_000_000)
        #expect(throws: ZeekLogError.self) { try ZeekLogReader.read("#fields\tts\tid.orig_h\n1.0", into: aggregator) }
    }
}
