import Foundation

/// ZC020: business (IT) assets and control-system assets are not in one zone.
enum BusinessControlMixed: LintRule {
    static let description = RuleDescription(
        id: "ZC020", name: "business-control-mixed", severity: .error,
        references: ["IEC 62443-3-2 ZCR 3.2", "IEC 62443-3-3 SR 5.1"],
        summary: "A zone holds both business (enterprise IT) assets and industrial control system assets.",
        rationale: "ZCR 3.2 separates business and IACS assets into different zones so that IT threats meet a boundary before reaching control.",
        triggering: ["zones:\n  - {zone_id: Z3, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01), Corporate ERP server (ERP-01)]}\n"],
        nonTriggering: ["zones:\n  - {zone_id: Z3, purdue_level: 3, security_level_target: SL 2, assets: [Historian (HIST-01)]}\n  - {zone_id: Z5, purdue_level: 4, security_level_target: SL 1, assets: [Corporate ERP server (ERP-01)]}\n"])

    static func check(_ model: ZoneModel, _ sink: inout FindingSink) {
        for zone in model.zones {
            let business = zone.assets.filter { $0.role == .enterpriseHost }
            let control = zone.assets.filter { $0.role.isControlSystem }
            guard let firstBusiness = business.first, let firstControl = control.first else { continue }
            sink.report(
                "zone \(zone.id) mixes business asset \(firstBusiness.name) with control-system asset \(firstControl.name)",
                at: firstBusiness.location, subject: zone.id)
        }
    }
}
