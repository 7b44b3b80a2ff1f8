import Foundation

/// Questions about a model that several rules ask.
public enum ModelQueries {
    /// The (initiator, responder) zone pairs of a channel: one pair, or both ways for `<->`.
    public static func initiations(of channel: Channel) -> [(from: String, to: String)] {
        channel.bidirectional ? [(channel.from, channel.to), (channel.to, channel.from)] : [(channel.from, channel.to)]
    }

    /// Whether a conduit's controls or a zone's requirements mention any of `words`.
    static func declares(_ words: [String], conduit: Conduit, zone: Zone?) -> Bool {
        let text = conduit.declaredControlText + "\n" + (zone?.declaredControlText ?? "")
        return words.contains { text.contains($0) }
    }
}
