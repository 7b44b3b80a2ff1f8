/// A Modbus exception code (Application Protocol V1.1b3 §7).
public struct ModbusExceptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 01: the function, sub-function or MEI type is not allowed.
    public static let illegalFunction = ModbusExceptionCode(rawValue: 0x01)
    /// 02: an address is outside what is allowed.
    public static let illegalDataAddress = ModbusExceptionCode(rawValue: 0x02)
    /// 03: a quantity or written value is not allowed.
    public static let illegalDataValue = ModbusExceptionCode(rawValue: 0x03)
    /// 04: the server answered with something that does not fit the request.
    public static let serverDeviceFailure = ModbusExceptionCode(rawValue: 0x04)
    /// 06: too many requests are pending on this connection.
    public static let serverDeviceBusy = ModbusExceptionCode(rawValue: 0x06)
    /// 0A: the unit, source or destination has no path through the guard.
    public static let gatewayPathUnavailable = ModbusExceptionCode(rawValue: 0x0A)
    /// 0B: the server did not answer within the request lifetime.
    public static let gatewayTargetFailed = ModbusExceptionCode(rawValue: 0x0B)

    public var description: String { rawValue < 0x10 ? "0\(String(rawValue, radix: 16, uppercase: true))" : String(rawValue, radix: 16, uppercase: true) }
}
