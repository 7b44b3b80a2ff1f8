import Foundation

/// Whether the boundary devices of a conduit block or only log what the model does not allow.
public enum EnforcementMode: String, Sendable, Codable, CaseIterable {
    case enforce
    case monitor
}

/// A conduit: the channels between two or more zones under one security policy (IEC 62443-3-2 ZCR 3.1).
public struct Conduit: Hashable, Sendable {
    public var id: String
    public var name: String
    /// Zone ids, in the order written.
    public var zones: [String]
    public var securityLevel: SecurityLevel?
    public var channels: [Channel]
    public var controls: [String]
    /// `nil` follows the compile command's mode; set, it overrides it for this conduit.
    public var mode: EnforcementMode?
    public var documentation: Documentation
    public var location: SourceLocation
    public var fieldLocations: FieldLocations

    public init(id: String, location: SourceLocation) {
        self.id = id
        name = id
        zones = []
        securityLevel = nil
        channels = []
        controls = []
        mode = nil
        documentation = Documentation()
        self.location = location
        fieldLocations = FieldLocations()
    }

    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

    /// True when any channel crosses a data diode.
    public var hasDiode: Bool { channels.contains(where: \.unidirectional) }

    public var declaredControlText: String { controls.joined(separator: "\n").lowercased() }

    /// Deep packet inspection: a channel restricted by function codes, or a control naming DPI or inspection.
    public var hasDeepPacketInspection: Bool {
        if channels.contains(where: { $0.effectiveFunctionCodes != nil }) { return true }
        let text = declaredControlText
        return ["dpi", "deep packet", "protocol inspection", "application-layer inspection", "function code"]
            .contains { text.contains($0) }
    }
}
