import ModbusDPI
import NIOConcurrencyHelpers

/// The policy every connection reads per request; `replace` swaps it atomically (SIGHUP reload).
public final class PolicyStore: Sendable {
    private let box: NIOLockedValueBox<ModbusPolicy>

    public init(_ policy: ModbusPolicy) { box = NIOLockedValueBox(policy) }

    public var current: ModbusPolicy { box.withLockedValue { $0 } }

    public func replace(with policy: ModbusPolicy) { box.withLockedValue { $0 = policy } }
}
