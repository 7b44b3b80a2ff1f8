import FlowBaseline
import Foundation
import Testing

/// Packet counts, IP conversations and Modbus function-code counts agree with tshark on every capture fixture.
struct TsharkOracleTests {
    static let captures = Fixtures.files("captures").map { ("captures", $0) } + Fixtures.files("synthetic").map { ("synthetic", $0) }

    @Test(arguments: captures)
    func agreesWithTshark(folder: String, name: String) throws {
        let path = Fixtures.url(folder, name).path
        let (aggregator, _, _) = Fixtures.aggregate(try Fixtures.bytes(folder, name))

        let frames = try Fixtures.tshark(["-r", path, "-T", "fields", "-e", "frame.number"]).split(separator: "\n")
        #expect(aggregator.packets == frames.count, "\(name): packets")

        var expectedPairs: [String: Int] = [:]
        for line in try Fixtures.tshark(["-r", path, "-T", "fields", "-E", "separator=/t", "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst"]).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.split(separator: ",").first.map(String.init) ?? "" }
            guard fields.count == 4 else { continue }
            let (source, destination) = fields[0].isEmpty ? (fields[2], fields[3]) : (fields[0], fields[1])
            guard !source.isEmpty else { continue }
            expectedPairs[Fixtures.pair(source, destination), default: 0] += 1
        }
        var actualPairs: [String: Int] = [:]
        for flow in aggregator.flows where flow.key.client.isIP {
            actualPairs[Fixtures.pair(flow.key.client.description, flow.key.server.description), default: 0] += Int(flow.packets)
        }
        #expect(actualPairs == expectedPairs, "\(name): IP conversations")

        var expectedCodes: [Int: Int] = [:]
        for line in try Fixtures.tshark(["-r", path, "-Y", "modbus", "-T", "fields", "-e", "modbus.func_code"]).split(separator: "\n") {
            for code in line.split(separator: ",") { expectedCodes[Int(code) ?? -1, default: 0] += 1 }
        }
        var actualCodes: [Int: Int] = [:]
        for flow in aggregator.flows where flow.service == .modbus {
            for (code, count) in flow.functionCodes { actualCodes[Int(code), default: 0] += Int(count) }
        }
        #expect(actualCodes == expectedCodes, "\(name): Modbus function codes")
    }
}
