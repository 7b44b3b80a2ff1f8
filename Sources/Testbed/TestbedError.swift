/// A testbed failure with a code and a message saying what to do.
public struct TestbedError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }
        public static let notRoot = Code(name: "not-root")
        public static let missingTool = Code(name: "missing-tool")
        public static let nameTaken = Code(name: "name-taken")
        public static let noAddresses = Code(name: "no-addresses")
        public static let invalidModel = Code(name: "invalid-model")
        public static let command = Code(name: "command-failed")
        public static let notFound = Code(name: "not-found")
        public static let service = Code(name: "service-failed")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// The error itself when it is a testbed error, otherwise a command failure describing it.
    public static func wrapping(_ error: any Error) -> TestbedError {
        (error as? TestbedError) ?? TestbedError(.command, "\(error)")
    }
}
