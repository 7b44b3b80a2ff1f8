import ArgumentParser
import Foundation
import NIOPosix
import ZoneServices

struct SimModbusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modbus",
        abstract: "A Modbus/TCP server with coils, discrete inputs, holding and input registers per unit id.",
        discussion: "Register n starts at n, input register n at n XOR 0xFFFF, odd coils and inputs are set.")

    @Option(help: "Address to listen on, ADDR:PORT (port 0 picks a free port).")
    var listen: String

    @Option(help: "Unit ids to serve, comma-separated.")
    var units: String = "1"

    func validate() throws {
        guard HostPort(listen) != nil else { throw ValidationError("--listen must be ADDR:PORT") }
        guard !unitIDs.isEmpty, unitIDs.count == units.split(separator: ",").count else {
            throw ValidationError("--units must be comma-separated numbers 0...255")
        }
    }

    private var unitIDs: [UInt8] { units.split(separator: ",").compactMap { UInt8($0.trimmingCharacters(in: .whitespaces)) } }

    func run() async throws {
        let endpoint = HostPort(listen)!
        let simulator = ModbusSimulator(units: unitIDs, group: MultiThreadedEventLoopGroup.singleton)
        let address = try await simulator.start(host: endpoint.host, port: endpoint.port)
        StandardStream.error("zonectl sim: listening on \(HostPort(address)) units \(units)\n")
        await ServiceSignals.waitForTermination {}
        await simulator.stop()
    }
}
