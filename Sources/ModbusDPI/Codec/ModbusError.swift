import NIOCore

/// A Modbus wire or request error: framing errors close the connection, request errors are answered or dropped.
///
/// Equality compares ``code`` only, so tests can match `error == .lengthOutOfRange()`.
public struct ModbusError: Error, Hashable, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Backing: String, Hashable, Sendable {
            case protocolIdentifier = "protocol-identifier"
            case lengthOutOfRange = "length-out-of-range"
            case truncatedFrame = "truncated-frame"
            case partialFrameTimeout = "partial-frame-timeout"
            case pduLength = "pdu-length"
            case quantityOutOfRange = "quantity-out-of-range"
            case addressOverflow = "address-overflow"
            case invalidValue = "invalid-value"
            case byteCountMismatch = "byte-count-mismatch"
            case exceptionFunctionCode = "exception-function-code"
            case responseMismatch = "response-mismatch"
        }

        let backing: Backing
        /// Stable kebab-case name used in audit events.
        public var description: String { backing.rawValue }

        /// The protocol identifier of an MBAP header is not 0.
        public static let protocolIdentifier = Code(backing: .protocolIdentifier)
        /// The MBAP length is below 2 or above 254.
        public static let lengthOutOfRange = Code(backing: .lengthOutOfRange)
        /// The connection ended inside a frame.
        public static let truncatedFrame = Code(backing: .truncatedFrame)
        /// A frame stayed incomplete for longer than the partial-frame timeout.
        public static let partialFrameTimeout = Code(backing: .partialFrameTimeout)
        /// The PDU is longer or shorter than its function code's layout.
        public static let pduLength = Code(backing: .pduLength)
        /// A quantity of coils or registers is 0 or above the function's limit.
        public static let quantityOutOfRange = Code(backing: .quantityOutOfRange)
        /// Start address plus quantity passes 65536.
        public static let addressOverflow = Code(backing: .addressOverflow)
        /// A field holds a value the function does not define (coil state, sub-function data, MEI fields).
        public static let invalidValue = Code(backing: .invalidValue)
        /// A byte count disagrees with the quantity or with the bytes present.
        public static let byteCountMismatch = Code(backing: .byteCountMismatch)
        /// A request carries a function code of 128 or above, which only responses may use.
        public static let exceptionFunctionCode = Code(backing: .exceptionFunctionCode)
        /// A response does not answer its request: other function, wrong byte count, or a changed echo.
        public static let responseMismatch = Code(backing: .responseMismatch)
    }

    public let code: Code
    /// What exactly was wrong, for logs.
    public let reason: String
    /// Where the error was raised, for people reading logs.
    public let location: String

    init(_ code: Code, _ reason: String, file: String, line: UInt) {
        self.code = code
        self.reason = reason
        location = "\(file):\(line)"
    }

    /// Whether the byte stream itself is broken, so that the connection must close.
    public var isFraming: Bool {
        code == .protocolIdentifier || code == .lengthOutOfRange || code == .truncatedFrame || code == .partialFrameTimeout
    }

    /// The exception a server would answer this malformed request with.
    public var exceptionCode: ModbusExceptionCode {
        code == .exceptionFunctionCode ? .illegalFunction : (code == .addressOverflow ? .illegalDataAddress : .illegalDataValue)
    }

    public var description: String { "ModbusError.\(code): \(reason) (\(location))" }

    public static func == (lhs: ModbusError, rhs: ModbusError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    @inline(never)
    public static func protocolIdentifier(_ value: UInt16 = 0, file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.protocolIdentifier, "protocol identifier \(value), expected 0", file: file, line: line)
    }
    @inline(never)
    public static func lengthOutOfRange(_ value: UInt16 = 0, file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.lengthOutOfRange, "MBAP length \(value) outside 2...254", file: file, line: line)
    }
    @inline(never)
    public static func truncatedFrame(_ bytes: Int = 0, file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.truncatedFrame, "connection ended with \(bytes) bytes of an unfinished frame", file: file, line: line)
    }
    @inline(never)
    public static func partialFrameTimeout(_ bytes: Int = 0, after timeout: TimeAmount = .zero, file: String = #fileID,
                                           line: UInt = #line) -> ModbusError {
        ModbusError(.partialFrameTimeout, "\(bytes) bytes of a frame still incomplete after \(timeout.nanoseconds / 1_000_000) ms",
                    file: file, line: line)
    }
    @inline(never)
    public static func pduLength(_ reason: String = "", file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.pduLength, reason, file: file, line: line)
    }
    @inline(never)
    public static func quantityOutOfRange(_ reason: String = "", file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.quantityOutOfRange, reason, file: file, line: line)
    }
    @inline(never)
    public static func addressOverflow(_ reason: String = "", file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.addressOverflow, reason, file: file, line: line)
    }
    @inline(never)
    public static func invalidValue(_ reason: String = "", file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.invalidValue, reason, file: file, line: line)
    }
    @inline(never)
    public static func byteCountMismatch(_ reason: String = "", file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.byteCountMismatch, reason, file: file, line: line)
    }
    @inline(never)
    public static func responseMismatch(_ reason: String = "", file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.responseMismatch, reason, file: file, line: line)
    }
    @inline(never)
    public static func exceptionFunctionCode(_ code: UInt8 = 0x80, file: String = #fileID, line: UInt = #line) -> ModbusError {
        ModbusError(.exceptionFunctionCode, "function code \(code) is reserved for exception responses", file: file, line: line)
    }
}
