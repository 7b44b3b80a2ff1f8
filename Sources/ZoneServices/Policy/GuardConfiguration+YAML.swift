import Foundation
import ModbusDPI
import NIOCore
import Yams

extension GuardConfiguration {
    /// Reads a policy file (format in docs/guard.md).
    ///
    /// - Throws: ``GuardConfigurationError`` naming the line and column of the first problem.
    public static func load(path: String) throws -> GuardConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GuardConfigurationError(file: path, line: 1, column: 1, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> GuardConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw GuardConfigurationError(file: file, line: 1, column: 1, message: "empty policy file")
            }
            root = node
        } catch let error as YamlError {
            throw GuardConfigurationError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
        return try PolicyFileReader(file: file).configuration(root)
    }
}

/// Walks the YAML nodes of a policy file, throwing at the first node it cannot use.
struct PolicyFileReader {
    let file: String

    func fail(_ node: Node, _ message: String) -> GuardConfigurationError {
        GuardConfigurationError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }

    func mapping(_ node: Node, _ what: String, keys: Set<String>) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw fail(node, "\(what) must be a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard keys.contains(name) else {
                throw fail(key, "unknown key '\(name)' in \(what); expected one of \(keys.sorted().joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    func list(_ node: Node?) -> [Node] {
        switch node {
        case .sequence(let sequence)?: Array(sequence)
        case .scalar(let scalar)? where scalar.string.isEmpty || scalar.string == "null" || scalar.string == "~": []
        case let other?: [other]
        case nil: []
        }
    }

    func string(_ node: Node, _ what: String) throws -> String {
        guard let value = node.scalar?.string, !value.isEmpty else { throw fail(node, "\(what) must be text") }
        return value
    }

    func integer(_ node: Node?, _ what: String, _ range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let node else { return value }
        guard let text = node.scalar?.string, let number = Self.number(text), range.contains(number) else {
            throw fail(node, "\(what) must be a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// Decimal or 0x-prefixed hexadecimal.
    static func number(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return Int(trimmed.dropFirst(2), radix: 16) }
        return Int(trimmed)
    }

    /// `N` or `N-M`.
    func range(_ node: Node, _ what: String, _ bounds: ClosedRange<Int>) throws -> ClosedRange<Int> {
        let text = try string(node, what)
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard let low = parts.first.flatMap(Self.number), let high = parts.count == 2 ? Self.number(parts[1]) : low,
            low <= high, bounds.contains(low), bounds.contains(high)
        else { throw fail(node, "\(what) '\(text)' must be N or N-M within \(bounds.lowerBound)...\(bounds.upperBound)") }
        return low...high
    }

    func configuration(_ root: Node) throws -> GuardConfiguration {
        let top = try mapping(root, "policy file", keys: [
            "mode", "default_action", "audit_allowed", "limits", "connections", "syslog", "metrics", "listeners", "rules",
        ])
        var policy = ModbusPolicy(rules: [])
        if let node = top["mode"] { policy.mode = try mode(node) }
        if let node = top["default_action"] { policy.defaultAction = try action(node) }
        if let node = top["audit_allowed"] {
            guard let value = node.scalar.flatMap({ Bool($0.string) }) else { throw fail(node, "audit_allowed must be true or false") }
            policy.auditAllowed = value
        }
        if let node = top["limits"] { policy.limits = try limits(node) }
        var seen = Set<String>()
        for node in list(top["rules"]) {
            let rule = try rule(node, defaultAction: .exception(nil))
            guard seen.insert(rule.id).inserted else { throw fail(node, "duplicate rule id \(rule.id)") }
            policy.rules.append(rule)
        }
        let listeners = try list(top["listeners"]).map(listener)
        guard !listeners.isEmpty else { throw fail(root, "a policy file needs at least one entry under listeners") }
        var configuration = GuardConfiguration(policy: policy, listeners: listeners)
        if let node = top["connections"] { configuration.connections = try connections(node) }
        if let node = top["syslog"] {
            guard let target = SyslogTarget(try string(node, "syslog")) else {
                throw fail(node, "syslog must be udp://HOST:PORT or tcp://HOST:PORT")
            }
            configuration.syslog = target
        }
        if let node = top["metrics"] {
            guard let target = HostPort(try string(node, "metrics")) else { throw fail(node, "metrics must be ADDR:PORT") }
            configuration.metrics = target
        }
        return configuration
    }

    func mode(_ node: Node) throws -> ModbusMode {
        guard let mode = ModbusMode(rawValue: try string(node, "mode")) else { throw fail(node, "mode must be enforce or monitor") }
        return mode
    }

    /// `exception`, `exception-XX` (hex code), `drop`, `reset`, `close-after-N`.
    func action(_ node: Node) throws -> ModbusAction {
        let text = try string(node, "action").lowercased()
        if text == "exception" { return .exception(nil) }
        if text == "drop" { return .drop }
        if text == "reset" { return .reset }
        if text.hasPrefix("exception-"), let code = UInt8(text.dropFirst("exception-".count), radix: 16), code > 0 {
            return .exception(ModbusExceptionCode(rawValue: code))
        }
        if text.hasPrefix("close-after-"), let count = Int(text.dropFirst("close-after-".count)), count > 0 {
            return .closeAfter(violations: count)
        }
        throw fail(node, "action '\(text)' must be exception, exception-XX, drop, reset or close-after-N")
    }

    func limits(_ node: Node) throws -> ModbusLimits {
        let fields = try mapping(node, "limits", keys: ["max_pending", "request_lifetime_ms", "max_in_flight"])
        return ModbusLimits(
            maxPending: try integer(fields["max_pending"], "max_pending", 1...512, default: 10),
            requestLifetime: .milliseconds(Int64(try integer(fields["request_lifetime_ms"], "request_lifetime_ms", 1...3_600_000, default: 10_000))),
            maxInFlight: try integer(fields["max_in_flight"], "max_in_flight", 1...512, default: 1))
    }

    func connections(_ node: Node) throws -> ConnectionLimits {
        let fields = try mapping(node, "connections", keys: [
            "per_source", "rate_per_second", "burst", "idle_timeout_s", "partial_frame_timeout_ms", "connect_timeout_ms",
        ])
        return ConnectionLimits(
            perSource: try integer(fields["per_source"], "per_source", 1...100_000, default: 64),
            ratePerSecond: Double(try integer(fields["rate_per_second"], "rate_per_second", 1...100_000, default: 50)),
            burst: try integer(fields["burst"], "burst", 1...100_000, default: 100),
            idleTimeout: .seconds(Int64(try integer(
                fields["idle_timeout_s"], "idle_timeout_s", ConnectionLimits.idleTimeoutSeconds,
                default: ConnectionLimits.defaultIdleTimeoutSeconds))),
            partialFrameTimeout: .milliseconds(Int64(try integer(
                fields["partial_frame_timeout_ms"], "partial_frame_timeout_ms", ConnectionLimits.partialFrameTimeoutMilliseconds,
                default: ConnectionLimits.defaultPartialFrameTimeoutMilliseconds))),
            connectTimeout: .milliseconds(Int64(try integer(fields["connect_timeout_ms"], "connect_timeout_ms", 1...60_000, default: 5000))))
    }

    func listener(_ node: Node) throws -> GuardListener {
        let fields = try mapping(node, "listener", keys: ["conduit", "listen", "upstream"])
        func endpoint(_ key: String) throws -> HostPort {
            guard let value = fields[key] else { throw fail(node, "listener needs \(key)") }
            guard let endpoint = HostPort(try string(value, key)) else { throw fail(value, "\(key) must be ADDR:PORT") }
            return endpoint
        }
        let conduit = try fields["conduit"].map { try string($0, "conduit") } ?? "guard"
        return GuardListener(conduit: conduit, listen: try endpoint("listen"), upstream: try endpoint("upstream"))
    }

    func prefixes(_ node: Node?, _ what: String) throws -> [IPPrefix] {
        try list(node).map { item in
            guard let prefix = IPPrefix(try string(item, what)) else { throw fail(item, "\(what) must be an address or ADDR/LEN") }
            return prefix
        }
    }

    func rule(_ node: Node, defaultAction: ModbusAction) throws -> ModbusRule {
        let fields = try mapping(node, "rule", keys: ["id", "sources", "destinations", "units", "functions", "action", "mode"])
        guard let idNode = fields["id"] else { throw fail(node, "rule needs an id") }
        let functions = try list(fields["functions"]).map(function)
        guard !functions.isEmpty else { throw fail(node, "rule needs at least one entry under functions") }
        var units: [ClosedRange<UInt8>]?
        if let unitNode = fields["units"] {
            units = try list(unitNode).map { item in
                let range = try range(item, "unit", 0...255)
                return UInt8(range.lowerBound)...UInt8(range.upperBound)
            }
        }
        return ModbusRule(
            id: try string(idNode, "id"),
            sources: try prefixes(fields["sources"], "source"),
            destinations: try prefixes(fields["destinations"], "destination"),
            units: units,
            functions: functions,
            action: try fields["action"].map(action) ?? defaultAction,
            mode: try fields["mode"].map(mode))
    }

    func function(_ node: Node) throws -> ModbusFunctionRule {
        let fields = try mapping(node, "function", keys: ["code", "subfunctions", "mei_types", "addresses", "values"])
        guard let codeNode = fields["code"] else { throw fail(node, "function needs a code") }
        let code = UInt8(try integer(codeNode, "code", 1...127, default: 0))
        var rule = ModbusFunctionRule(code: code)
        if let subNode = fields["subfunctions"] {
            guard code == 8 else { throw fail(subNode, "subfunctions apply to function 8 only") }
            rule.subfunctions = Set(try list(subNode).map { UInt16(try integer($0, "subfunction", 0...0xFFFF, default: 0)) })
        }
        if let meiNode = fields["mei_types"] {
            guard code == 43 else { throw fail(meiNode, "mei_types apply to function 43 only") }
            rule.meiTypes = Set(try list(meiNode).map { UInt8(try integer($0, "MEI type", 0...255, default: 0)) })
        }
        if let addressNode = fields["addresses"] {
            rule.addresses = try list(addressNode).map { try range($0, "address", 0...65535) }
        }
        if let valueNode = fields["values"] {
            rule.values = try list(valueNode).map { try range($0, "value", 0...65535) }
        }
        return rule
    }
}
