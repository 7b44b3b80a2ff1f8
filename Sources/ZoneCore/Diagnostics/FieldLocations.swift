/// Where each key of one model entry (a zone, a conduit, a channel) was written, for findings that point at one
/// field. An entry has a handful of keys: a short list is searched faster than a dictionary is built, and a large
/// model builds thousands of these.
public struct FieldLocations: Hashable, Sendable {
    private struct Field: Hashable, Sendable {
        let key: String
        var location: SourceLocation
    }

    private var fields: [Field] = []

    public init() {}

    public subscript(key: String) -> SourceLocation? {
        get { fields.first { $0.key == key }?.location }
        set {
            let index = fields.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let location?): fields[index].location = location
            case (let index?, nil): fields.remove(at: index)
            case (nil, let location?): fields.append(Field(key: key, location: location))
            case (nil, nil): break
            }
        }
    }

    /// Records a key not recorded yet, without looking for it first: the keys of one YAML mapping are unique
    /// (the reader refuses a repeated key).
    public mutating func add(_ key: String, at location: SourceLocation) { fields.append(Field(key: key, location: location)) }
}
