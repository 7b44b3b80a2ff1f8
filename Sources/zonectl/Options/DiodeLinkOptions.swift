import ArgumentParser
import DataDiode
import DiodeServices
import Foundation

/// Options both diode agents must agree on; their hash is compared through the beacons.
struct DiodeLinkOptions: ParsableArguments {
    @Option(name: .customLong("key-file"), help: "The pre-shared key (64 hex characters), as written by 'zonectl diode keygen'.")
    var keyFile: String

    @Option(help: "Erasure code: data shards + parity shards per group (k + m ≤ 256).")
    var fec = "64+8"

    @Option(help: "Groups whose shards are interleaved on the wire (1-64).")
    var interleave = 4

    @Option(help: "Path MTU; datagrams fit it without IP fragmentation.")
    var mtu = 1500

    func configuration() throws -> DiodeConfiguration {
        try DiodeInput.check {
            let (k, m) = try DiodeConfiguration.parseErasureCode(fec)
            let configuration = DiodeConfiguration(dataShards: k, parityShards: m, interleave: interleave, mtu: mtu)
            try configuration.validate()
            return configuration
        }
    }

    func key() throws -> DiodeKey { try DiodeInput.check { try DiodeKey.load(path: keyFile) } }
}

/// Turns invalid input into a message on standard error and exit code 2.
enum DiodeInput {
    static func check<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DiodeError {
            StandardStream.error("zonectl: \(error)\n")
            throw ZoneCtlExit.invalidInput
        }
    }

    static func endpoint(_ text: String) throws -> SocketEndpoint { try check { try SocketEndpoint(parsing: text) } }

    /// `tcp://HOST:PORT` to its endpoint; nil for anything else.
    static func tcpEndpoint(_ text: String) throws -> SocketEndpoint? {
        guard text.hasPrefix("tcp://") else { return nil }
        return try endpoint(String(text.dropFirst(6)))
    }
}
