import Foundation
import ZoneCore

/// The Modbus guard's policy (YAML, docs/compile.md): one entry per Modbus channel direction with its sources,
/// destinations, port and allowed function codes. Where to listen and the upstream server are the operator's.
struct ModbusGuardGenerator: ConfigGenerator {
    let name = "modbus-guard"

    func unsupportedReason(_ model: ZoneModel) -> String? { nil }

    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput {
        var text = input.header(generator: name, comment: "#")
        text += "version: 1\ndefault: deny\nrules:\n"
        let modbus = input.policy.rules.filter { rule in
            rule.verdict == .permit && rule.accessRules.contains { $0.serviceID == "modbus" || $0.functionCodes != nil }
        }
        if modbus.isEmpty { text = text.replacingOccurrences(of: "rules:\n", with: "rules: []\n") }
        for rule in modbus {
            guard let first = rule.accessRules.first, let sources = rule.sources, let destinations = rule.destinations else { continue }
            let ports = rule.accessRules.map(\.port).filter { $0.transport == .tcp }.map(\.ports.description)
            text += "  - conduit: \(Self.quoted(first.conduitID))\n"
            text += "    channel: \(first.channelIndex + 1)\n"
            text += "    from_zone: \(Self.quoted(first.from))\n    to_zone: \(Self.quoted(first.to))\n"
            text += "    sources: [\(sources.networks.map { Self.quoted($0.description) }.joined(separator: ", "))]\n"
            text += "    destinations: [\(destinations.networks.map { Self.quoted($0.description) }.joined(separator: ", "))]\n"
            text += "    ports: [\(ports.map { Self.quoted($0) }.joined(separator: ", "))]\n"
            text += "    function_codes: \(first.functionCodes.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "any")\n"
            text += "    mode: \((first.mode ?? input.mode).rawValue)\n"
        }
        return GeneratorOutput(files: [GeneratedFile(path: "modbus-guard/policy.yaml", contents: text)])
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
