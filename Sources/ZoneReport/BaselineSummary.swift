import Foundation

/// What a recorded traffic baseline says about the model, for the report: how many observed flows the conduits
/// allow, and which ones enforcing the model would block. The code that compares captured flows with the model
/// fills it; the report prints it only when it is given.
public struct BaselineSummary: Codable, Sendable, Equatable {
    /// One observed flow (client to server on one port) that the model's conduits do not allow.
    public struct Flow: Codable, Sendable, Equatable {
        public var client: String
        public var server: String
        public var fromZone: String?
        public var toZone: String?
        /// `tcp` or `udp`.
        public var transport: String
        public var port: Int
        /// The service recognised in the traffic (`modbus`, `opc-ua`, …).
        public var service: String
        public var packets: UInt64
        /// Why the model would block it: no conduit, or a function code outside the channel's list.
        public var reason: String

        public init(
            client: String, server: String, fromZone: String? = nil, toZone: String? = nil, transport: String, port: Int,
            service: String, packets: UInt64, reason: String
        ) {
            self.client = client
            self.server = server
            self.fromZone = fromZone
            self.toZone = toZone
            self.transport = transport
            self.port = port
            self.service = service
            self.packets = packets
            self.reason = reason
        }
    }

    /// Where the flows came from: capture files or a baseline store.
    public var source: String
    /// The time the capture covers, as the recorder printed it.
    public var period: String?
    public var flowsObserved: Int
    public var flowsAllowed: Int
    public var wouldBeBlocked: [Flow]
    /// Conduit channels that no observed flow used (`C1-BPCS-OPS: OPC UA tcp/4840 …`).
    public var unusedChannels: [String]

    public init(source: String, period: String? = nil, flowsObserved: Int, flowsAllowed: Int, wouldBeBlocked: [Flow], unusedChannels: [String] = []) {
        self.source = source
        self.period = period
        self.flowsObserved = flowsObserved
        self.flowsAllowed = flowsAllowed
        self.wouldBeBlocked = wouldBeBlocked
        self.unusedChannels = unusedChannels
    }
}
