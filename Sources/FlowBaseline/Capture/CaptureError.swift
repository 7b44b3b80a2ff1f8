/// Why a capture could not be read to its end. Packets read before `offset` have already been delivered.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case badMagic = "bad-magic"
        case truncated
        case recordPastEnd = "record-past-end"
        case zeroSnapLength = "zero-snap-length"
        case badRecordLength = "bad-record-length"
        case badBlockLength = "bad-block-length"
        case unknownInterface = "unknown-interface"
        case readFailed = "read-failed"
    }

    public let code: Code
    /// Byte offset in the capture where the faulty header or record starts.
    public let offset: UInt64
    public let detail: String

    public init(_ code: Code, at offset: UInt64, _ detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    public var description: String { "byte \(offset): \(detail) (\(code.rawValue))" }
}
