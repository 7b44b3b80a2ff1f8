/// A configuration, state-file or file-system problem of the diode agents.
package struct DiodeError: Error, CustomStringConvertible, Equatable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        package init(_ name: String) { self.name = name }
        package var description: String { name }

        /// A parameter is out of range: erasure code shape, datagram size, rate, interleave depth.
        package static let invalidConfiguration = Code("invalid-configuration")
        /// The key file is missing, unreadable or not 32 bytes of hex or raw key.
        package static let invalidKey = Code("invalid-key")
        /// The sender state file cannot be read, parsed or written.
        package static let stateFile = Code("state-file")
        /// A file to send or an output file cannot be read or written.
        package static let fileSystem = Code("file-system")
        /// A historian record is not a JSON object with tag, timestamp, value and quality.
        package static let invalidRecord = Code("invalid-record")
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }

    package static func == (lhs: DiodeError, rhs: DiodeError) -> Bool { lhs.code == rhs.code }
}
