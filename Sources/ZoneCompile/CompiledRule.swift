import ZoneCore

/// What a rule does with matching traffic.
public enum RuleVerdict: String, Hashable, Sendable {
    case permit
    case deny
    /// A deny position in monitor mode: the traffic is logged and permitted.
    case monitor

    /// Whether matching traffic passes.
    public var passes: Bool { self != .deny }
}

/// Why a rule sits at a deny position.
public enum DenyReason: String, Hashable, Sendable {
    /// No conduit joins the two zones.
    case noConduit = "no-conduit"
    /// A conduit joins the zones, but none of its channels allows the traffic.
    case notInConduit = "not-in-conduit"
    /// The traffic is between addresses of no zone pair the device knows.
    case unzoned
}

/// One rule of the compiled policy, in evaluation order: a channel in one direction with all its ports, a
/// zone-pair deny, or the final deny. `nil` zones, groups or service mean "any".
/// A class, so that the rule lists of every device and generator share one copy of each rule.
public final class CompiledRule: Sendable {
    public let from: String?
    public let to: String?
    public let sources: AddressGroup?
    public let destinations: AddressGroup?
    public let service: ServiceGroup?
    public let verdict: RuleVerdict
    public let reason: DenyReason?
    public let conduitID: String?
    /// 1-based channel number within its conduit.
    public let channelNumber: Int?
    public let protocolName: String?
    /// The expanded permits this rule stands for, one per port: a part of the access policy's rules, shared
    /// rather than copied.
    public let accessRules: ArraySlice<AccessRule>

    public convenience init(
        from: String?, to: String?, sources: AddressGroup?, destinations: AddressGroup?, service: ServiceGroup?,
        verdict: RuleVerdict, reason: DenyReason? = nil, conduitID: String? = nil, channelNumber: Int? = nil,
        protocolName: String? = nil, accessRules: ArraySlice<AccessRule> = []
    ) {
        self.init(
            from: from, to: to, sources: sources, destinations: destinations, service: service, verdict: verdict,
            reason: reason, conduitID: conduitID, channelNumber: channelNumber, protocolName: protocolName,
            accessRules: accessRules,
            label: Self.label(from: from, to: to, verdict: verdict, reason: reason, conduitID: conduitID, channelNumber: channelNumber, protocolName: protocolName))
    }

    /// With its label made beforehand, where that can happen on another core.
    init(
        from: String?, to: String?, sources: AddressGroup?, destinations: AddressGroup?, service: ServiceGroup?,
        verdict: RuleVerdict, reason: DenyReason?, conduitID: String?, channelNumber: Int?, protocolName: String?,
        accessRules: ArraySlice<AccessRule>, label: String
    ) {
        self.from = from
        self.to = to
        self.sources = sources
        self.destinations = destinations
        self.service = service
        self.verdict = verdict
        self.reason = reason
        self.conduitID = conduitID
        self.channelNumber = channelNumber
        self.protocolName = protocolName
        self.accessRules = accessRules
        zonePair = Self.zonePair(from: from, to: to)
        self.label = label
    }

    static func zonePair(from: String?, to: String?) -> String {
        guard let from, let to else { return "any" }
        return "\(from)>\(to)"
    }

    static func label(
        from: String?, to: String?, verdict: RuleVerdict, reason: DenyReason?, conduitID: String?, channelNumber: Int?,
        protocolName: String?
    ) -> String {
        if let conduitID, let channelNumber {
            return "\(conduitID) channel \(channelNumber) \(protocolName ?? "") \(from ?? "any") -> \(to ?? "any")"
        }
        return "\(verdict.rawValue) \(zonePair(from: from, to: to)) \(reason?.rawValue ?? "")"
    }

    public var isDenyPosition: Bool { reason != nil }

    /// `Z3-OPS>Z2-BPCS`, or `any` for the final rule.
    public let zonePair: String

    /// A one-line description used in comments, remarks and findings; every generator prints it, so it is made once.
    public let label: String

    /// The text a log prefix or tag carries at a deny position: verdict, zone pair and reason.
    public var logTag: String { "zonectl \(verdict.rawValue) \(zonePair) \(reason?.rawValue ?? "permit")" }
}
