/// What the protocol parsers learned from one payload; applied to the flow by the aggregator.
public struct FlowObservation {
    public var operations: OperationClass = []
    /// Function codes seen in this payload (for Modbus, one per PDU).
    public var functionCodes: [UInt8] = []
    /// Function codes of requests, for conduit function-code lists.
    public var requestCodes: [UInt8] = []
    public var unitIDs: [UInt8] = []
    public var exceptions = 0
    /// Identity facts, such as `vendor=Rockwell Automation` or `sni=historian.example`.
    public var details: [String] = []
    /// Bytes of the last frame that continue in the next segment of the same direction.
    public var continuation = 0

    public init() {}

    public var isEmpty: Bool {
        operations.isEmpty && functionCodes.isEmpty && unitIDs.isEmpty && exceptions == 0 && details.isEmpty
    }
}
