/// What the receiver delivers, in order.
package enum DiodeEvent: Equatable, Sendable {
    /// A new sender session (first contact, or a sender that lost its state file).
    case sessionStarted(session: UInt64, run: UInt16)
    /// The sender restarted with its state file: numbering continues.
    case senderRestarted(session: UInt64, run: UInt16)
    case record([UInt8], sequence: UInt64)
    case syslog([UInt8])
    case file(FileItem)
    /// Items that will never arrive.
    case gap(DiodeGap)
    /// The sender's link parameters differ from the receiver's.
    case configurationMismatch(senderHash: UInt64, receiverHash: UInt64)
}

/// A range of sequence numbers of one stream that was lost for good.
package struct DiodeGap: Equatable, Sendable, Codable {
    package enum Reason: String, Codable, Sendable {
        /// More shards of a group were lost than the code repairs.
        case loss
        /// Items numbered by a sender that stopped before sending them.
        case senderRestart = "sender-restart"
        /// Records received while the record sink was away and its buffer was full.
        case sinkOverflow = "sink-overflow"
        /// Records still buffered for a sink that did not come back before the receiver stopped.
        case sinkUnavailable = "sink-unavailable"
    }

    package var stream: DiodeStream
    package var firstSequence: UInt64
    package var lastSequence: UInt64
    package var reason: Reason

    package init(stream: DiodeStream, firstSequence: UInt64, lastSequence: UInt64, reason: Reason) {
        self.stream = stream
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.reason = reason
    }

    package var count: UInt64 { lastSequence - firstSequence + 1 }
}
