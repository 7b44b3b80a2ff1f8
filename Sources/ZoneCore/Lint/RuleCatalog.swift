import Foundation

/// Every rule zonectl has, in id order: the load checks and the lint rules.
public enum RuleCatalog {
    nonisolated(unsafe) public static let lintRules: [any LintRule.Type] = [
        MissingSecurityLevelTarget.self,
        ConduitMissingSecurityLevel.self,
        ConduitSecurityLevelBelowZone.self,
        AllowedConduitsMismatch.self,
        AssetInTwoZones.self,
        SubnetOverlap.self,
        AssetAddressOutsideZone.self,
        DuplicateAddress.self,
        ZoneDocumentation.self,
        AssetLevelMismatch.self,
        BusinessControlMixed.self,
        SafetyAssetOutsideSafetyZone.self,
        SafetyZoneUndeclaredConduit.self,
        SafetyZoneExposed.self,
        TemporaryDevicesMixed.self,
        WirelessDevicesMixed.self,
        ExternalDevicesMixed.self,
        EnterpriseBypassesDMZ.self,
        DMZTraversal.self,
        PurdueLevelSkip.self,
        DiodeReverseChannel.self,
        DiodeTowardHigherLevel.self,
        WriteIntoControlZone.self,
        RemoteAccessWithoutMFA.self,
        CleartextNeedsProtection.self,
        DenyByDefault.self,
        PersonToPersonIntoControl.self,
        ConduitWithoutEnforcement.self,
        ConduitWithoutChannels.self,
        MissingRateLimit.self,
        MissingMalwareProtection.self,
        MissingIslandMode.self,
        LevelSpan.self,
        MissingMonitoring.self,
        UnrestrictedEndpoints.self,
        FirewallInterfaceOutsideZone.self,
    ]

    /// Rules whose findings `--strict` turns into errors.
    public static let strictEscalated: Set<String> = [ZoneDocumentation.description.id]

    /// All rule descriptions, load checks first, in id order.
    public static var all: [RuleDescription] {
        (LoaderRule.allCases.map(\.description) + lintRules.map { $0.description }).sorted { $0.id < $1.id }
    }

    public static func rule(_ idOrName: String) -> RuleDescription? {
        all.first { $0.id.caseInsensitiveCompare(idOrName) == .orderedSame || $0.name == idOrName.lowercased() }
    }
}
