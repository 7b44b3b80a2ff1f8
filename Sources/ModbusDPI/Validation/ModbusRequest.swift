import NIOCore

/// A request PDU that passed the per-function layout checks, reduced to what a policy decides on.
public struct ModbusRequest: Hashable, Sendable {
    public var functionCode: UInt8
    /// FC 8 sub-function.
    public var subfunction: UInt16?
    /// FC 43 MEI type.
    public var meiType: UInt8?
    /// Addresses read.
    public var read: ModbusSpan?
    /// Addresses written.
    public var written: ModbusSpan?
    /// Values written, one per address of ``written`` (coils as 0 or 1); `nil` when they cannot be known
    /// before the server applies them (mask write).
    public var values: [UInt16]?
    /// A function this parser has no layout for (user-defined, reserved, unassigned): only the code is known.
    public var opaque: Bool

    public init(functionCode: UInt8, subfunction: UInt16? = nil, meiType: UInt8? = nil, read: ModbusSpan? = nil,
                written: ModbusSpan? = nil, values: [UInt16]? = nil, opaque: Bool = false) {
        self.functionCode = functionCode
        self.subfunction = subfunction
        self.meiType = meiType
        self.read = read
        self.written = written
        self.values = values
        self.opaque = opaque
    }

    /// Every span the request touches.
    public var spans: [ModbusSpan] { [read, written].compactMap { $0 } }
}
