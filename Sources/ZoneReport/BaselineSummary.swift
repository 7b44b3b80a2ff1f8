import Foundation

/// What a recorded traffic baseline says about the model, for the report: how many observed flows the conduits
/// allow, and which channels no flow used. The flows enforcing the model would block travel separately, as the
/// report's `wouldBeBlocked` analysis. The code that compares captured flows with the model fills this; the report
/// prints it only when it is given.
public struct BaselineSummary: Codable, Sendable, Equatable {
    /// Where the flows came from: capture files or a baseline store.
    public var source: String
    /// The time the capture covers, as the recorder printed it.
    public var period: String?
    public var flowsObserved: Int
    public var flowsAllowed: Int
    /// Conduit channels that no observed flow used (`C1-BPCS-OPS: OPC UA tcp/4840 …`).
    public var unusedChannels: [String]

    public init(source: String, period: String? = nil, flowsObserved: Int, flowsAllowed: Int, unusedChannels: [String] = []) {
        self.source = source
        self.period = period
        self.flowsObserved = flowsObserved
        self.flowsAllowed = flowsAllowed
        self.unusedChannels = unusedChannels
    }
}
