/// Why a request was denied; decides the exception code when the action does not name one.
public enum ModbusDenyCause: String, Hashable, Sendable, CaseIterable, Codable {
    /// No rule covers this source and destination.
    case path
    case unit
    case function
    case address
    case value
    /// The PDU broke its function's layout or limits.
    case malformed

    public var exceptionCode: ModbusExceptionCode {
        switch self {
        case .path, .unit: .gatewayPathUnavailable
        case .function: .illegalFunction
        case .address: .illegalDataAddress
        case .value, .malformed: .illegalDataValue
        }
    }
}

/// The outcome of evaluating one request against a policy.
public struct ModbusVerdict: Hashable, Sendable {
    public var allowed: Bool
    /// The rule that allowed the request, or the one it came closest to.
    public var ruleID: String
    public var cause: ModbusDenyCause?
    public var action: ModbusAction
    public var mode: ModbusMode
    /// The exception a denial answers with.
    public var exceptionCode: ModbusExceptionCode?

    public static func allow(_ rule: ModbusRule, mode: ModbusMode) -> ModbusVerdict {
        ModbusVerdict(allowed: true, ruleID: rule.id, cause: nil, action: rule.action, mode: rule.mode ?? mode,
                      exceptionCode: nil)
    }

    public static func deny(_ ruleID: String, cause: ModbusDenyCause, action: ModbusAction, mode: ModbusMode,
                            exception: ModbusExceptionCode? = nil) -> ModbusVerdict {
        var code = exception ?? cause.exceptionCode
        if case .exception(let named?) = action { code = named }
        return ModbusVerdict(allowed: false, ruleID: ruleID, cause: cause, action: action, mode: mode,
                             exceptionCode: code)
    }

    /// Whether the request goes upstream: allowed, or denied in monitor mode.
    public var forwards: Bool { allowed || mode == .monitor }
}
