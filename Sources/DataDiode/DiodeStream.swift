/// The independent sequence spaces a sender numbers its items in.
package enum DiodeStream: UInt8, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case files = 1
    case records = 2
    case syslog = 3

    package var description: String {
        switch self {
        case .files: "files"
        case .records: "records"
        case .syslog: "syslog"
        }
    }
}

/// Highest-plus-one sequence number of every stream.
package struct StreamSequences: Codable, Equatable, Sendable {
    package var files: UInt64 = 0
    package var records: UInt64 = 0
    package var syslog: UInt64 = 0

    package init() {}

    package subscript(stream: DiodeStream) -> UInt64 {
        get {
            switch stream {
            case .files: files
            case .records: records
            case .syslog: syslog
            }
        }
        set {
            switch stream {
            case .files: files = newValue
            case .records: records = newValue
            case .syslog: syslog = newValue
            }
        }
    }
}
