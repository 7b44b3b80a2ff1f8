import Foundation
import ZoneCore

/// What each Purdue level holds, for band labels.
enum PurdueNames {
    static func name(_ level: PurdueLevel?) -> String {
        switch level?.tenths {
        case 50: "Enterprise network"
        case 40: "Business planning"
        case 35: "Industrial DMZ"
        case 30: "Site operations"
        case 20: "Supervisory control"
        case 10: "Basic control"
        case 0: "Process"
        default: "Level not set"
        }
    }

    static func heading(_ level: PurdueLevel?) -> String { level.map { "Level \($0)" } ?? "No level" }
}
