import Foundation

/// A historian value as one JSON line: `{"tag":…,"timestamp":…,"value":…,"quality":…}`.
package enum HistorianRecord {
    package static let requiredFields = ["tag", "timestamp", "value", "quality"]

    /// Checks that `line` is one JSON object with a string tag and the other required fields.
    package static func validate(_ line: [UInt8]) throws(DiodeError) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) as? [String: Any] else {
            throw DiodeError(.invalidRecord, "not a JSON object")
        }
        for field in requiredFields where object[field] == nil {
            throw DiodeError(.invalidRecord, "missing field '\(field)'")
        }
        guard object["tag"] is String else { throw DiodeError(.invalidRecord, "'tag' is not a string") }
    }
}
