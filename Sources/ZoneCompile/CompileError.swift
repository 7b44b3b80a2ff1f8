import ZoneCore

/// Why a model cannot be compiled for a target: invalid input, exit code 2.
public struct CompileError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A channel names a host that has no address.
        case hostWithoutAddress = "host-without-address"
        /// A zone has no subnet (or VLAN) but the target needs one.
        case zoneWithoutNetwork = "zone-without-network"
        /// The model's devices section has no device of the target's platform.
        case unsupportedPlatform = "unsupported-platform"
        /// Sources and destinations of a rule share no address family.
        case addressFamilyMismatch = "address-family-mismatch"
        /// A device setting cannot be rendered (a logging host in no attached zone, a bad port range).
        case invalidDevice = "invalid-device"
        /// The output folder could not be written.
        case output
    }

    public let code: Code
    public let message: String
    public let location: SourceLocation?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + "error[\(code.rawValue)]: \(message)"
    }
}
