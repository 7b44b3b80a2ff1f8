import ZoneCore

/// The compile targets. Adding a platform: one generator file and one case here.
public enum Platform: String, CaseIterable, Sendable {
    case asa
    case iosSwitch = "ios-switch"
    case nftables
    case fortigate
    case suricata
    case snort
    case modbusGuard = "modbus-guard"

    public var generator: any ConfigGenerator {
        switch self {
        case .asa: CiscoASAGenerator()
        case .iosSwitch: IOSSwitchGenerator()
        case .nftables: NftablesGenerator()
        case .fortigate: FortiGateGenerator()
        case .suricata: IDSRuleGenerator(engine: .suricata)
        case .snort: IDSRuleGenerator(engine: .snort3)
        case .modbusGuard: ModbusGuardGenerator()
        }
    }

    /// Every platform the model can be compiled for: device platforms only when the devices section has one.
    public static func supported(by model: ZoneModel) -> [Platform] {
        allCases.filter { $0.generator.unsupportedReason(model) == nil }
    }
}
