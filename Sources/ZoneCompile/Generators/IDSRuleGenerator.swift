import Foundation
import ZoneCore

/// Suricata and Snort 3 rules for conduit violations: traffic between two zones on a transport and port no
/// channel allows (or between zones no conduit joins), and Modbus function codes outside what a channel allows.
/// Enforce mode writes `drop` (an alert on a passive sensor, a block inline), monitor mode `alert`.
/// Host scopes are left to the firewall: these rules judge zone pairs, transports and ports.
/// Suricata rules name address groups as variables (`$ZONECTL_ZONE_Z2_BPCS`), defined in
/// `suricata/address-groups.yaml` for `vars: address-groups:`; Snort 3 rules carry the prefixes inline.
struct IDSRuleGenerator: ConfigGenerator {
    enum Engine {
        case suricata
        case snort3
    }

    let engine: Engine
    static let sidRange = 1_000_000...1_999_999

    var name: String { engine == .suricata ? "suricata" : "snort3" }

    func unsupportedReason(_ model: ZoneModel) -> String? { nil }

    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput {
        var drafts: [Draft] = []
        var variables: [String: AddressGroup] = [:]
        let addresses = { (group: AddressGroup) -> String in
            guard engine == .suricata else { return Self.literal(group) }
            let name = Self.variable(group)
            variables[name] = group
            return "$" + name
        }
        let policy = input.policy
        let permitsByPair = Dictionary(grouping: policy.rules.filter { $0.verdict == .permit }, by: \.zonePair)
        for rule in policy.rules where rule.isDenyPosition {
            guard let from = rule.from, let to = rule.to, let sources = rule.sources, let destinations = rule.destinations else { continue }
            let permits = permitsByPair[rule.zonePair] ?? []
            let ports = permits.flatMap { $0.service?.ports ?? [] }
            let action = rule.verdict == .deny ? "drop" : "alert"
            for transport in Transport.allCases {
                let allowed = ports.filter { $0.transport == transport }.map(\.ports)
                let what = permits.isEmpty
                    ? (rule.reason == .noConduit ? "no conduit" : "no channel in this direction")
                    : "\(transport.rawValue) port outside conduit"
                let portText = allowed.isEmpty ? "any" : "![" + Self.merge(allowed).map(portSyntax).joined(separator: ",") + "]"
                drafts.append(
                    Draft(
                        key: "pair|\(transport.rawValue)|\(rule.zonePair)",
                        header: "\(action) \(transport.rawValue) \(addresses(sources)) any -> \(addresses(destinations)) \(portText)",
                        message: "ZONECTL POLICY \(what) \(from) to \(to)", options: [flowToServer(established: false)]))
            }
        }
        for rule in policy.rules where rule.verdict == .permit {
            drafts += modbusDrafts(rule, globalMode: input.mode, addresses: addresses)
        }
        let sids = StableNumbering.assign(drafts.map(\.key), in: Self.sidRange)
        var text = input.header(generator: name, comment: "#")
        for draft in drafts {
            let options = ["msg:\"\(draft.message)\""] + draft.options + ["classtype:policy-violation", "sid:\(sids[draft.key] ?? 0)", "rev:1"]
            text += "\(draft.header) (" + options.joined(separator: "; ") + ";)\n"
        }
        guard engine == .suricata else { return GeneratorOutput(files: [GeneratedFile(path: "snort/zonectl.rules", contents: text)]) }
        var groups = input.header(generator: name, comment: "#") + "# Address groups of zonectl.rules: merge under vars: address-groups: in suricata.yaml\n"
        for (name, group) in variables.sorted(by: { $0.key < $1.key }) {
            groups += "\(name): \"\(Self.literal(group))\"\n"
        }
        return GeneratorOutput(files: [
            GeneratedFile(path: "suricata/zonectl.rules", contents: text),
            GeneratedFile(path: "suricata/address-groups.yaml", contents: groups),
        ])
    }

    private func modbusDrafts(_ rule: CompiledRule, globalMode: EnforcementMode, addresses: (AddressGroup) -> String) -> [Draft] {
        guard let first = rule.accessRules.first, let codes = first.functionCodes, let sources = rule.sources,
            let destinations = rule.destinations, let conduitID = rule.conduitID, let number = rule.channelNumber
        else { return [] }
        let tcpPorts = rule.accessRules.map(\.port).filter { $0.transport == .tcp }.map(\.ports)
        guard !tcpPorts.isEmpty else { return [] }
        let action = (first.mode ?? globalMode) == .monitor ? "alert" : "drop"
        let header = "\(action) tcp \(addresses(sources)) any -> \(addresses(destinations)) [\(Self.merge(tcpPorts).map(portSyntax).joined(separator: ","))]"
        let channel = "\(conduitID) channel \(number) \(rule.from ?? "") to \(rule.to ?? "")"
        let allowedText = codes.map(String.init).joined(separator: ",")
        // MBAP header is 7 bytes; the function code is the 8th byte of the first PDU in the segment.
        var outside = [flowToServer(established: true), "dsize:>7"]
        outside += codes.map { "byte_test:1,!=,\($0),7" }
        var drafts = [
            Draft(
                key: "fc|\(conduitID)|\(number)|\(rule.zonePair)", header: header,
                message: "ZONECTL MODBUS function code outside \(channel) allowed \(allowedText)", options: outside)
        ]
        let forbiddenWrites = ModbusFunctionCodes.writeCodes.subtracting(codes).sorted()
        guard !forbiddenWrites.isEmpty else { return drafts }
        switch engine {
        case .suricata:
            if codes.allSatisfy({ !ModbusFunctionCodes.writeCodes.contains($0) }) {
                drafts.append(
                    Draft(
                        key: "write|\(conduitID)|\(number)|\(rule.zonePair)",
                        header: header.replacingOccurrences(of: "\(action) tcp", with: "\(action) modbus"),
                        message: "ZONECTL MODBUS write on read-only \(channel)",
                        options: [flowToServer(established: true), "modbus: access write"]))
            }
        case .snort3:
            for code in forbiddenWrites {
                drafts.append(
                    Draft(
                        key: "write|\(conduitID)|\(number)|\(rule.zonePair)|\(code)", header: header,
                        message: "ZONECTL MODBUS write function \(code) outside \(channel)",
                        options: [flowToServer(established: true), "modbus_func:\(code)"]))
            }
        }
        return drafts
    }

    private func flowToServer(established: Bool) -> String {
        guard established else { return "flow:to_server" }
        return engine == .suricata ? "flow:established,to_server" : "flow:to_server,established"
    }

    private func portSyntax(_ range: PortRange) -> String { range.isSingle ? "\(range.lower)" : "\(range.lower):\(range.upper)" }

    /// Sorted ranges with overlapping and adjacent ones joined.
    static func merge(_ ranges: [PortRange]) -> [PortRange] {
        var result: [PortRange] = []
        for range in Set(ranges).sorted() {
            if let last = result.last, Int(range.lower) <= Int(last.upper) + 1 {
                result[result.count - 1] = PortRange(lower: last.lower, upper: max(last.upper, range.upper))
            } else {
                result.append(range)
            }
        }
        return result
    }

    static func variable(_ group: AddressGroup) -> String { "ZONECTL_" + Identifier.word(group.name).uppercased() }

    static func literal(_ group: AddressGroup) -> String {
        "[" + group.networks.map { $0.isHost ? $0.address.description : $0.description }.joined(separator: ",") + "]"
    }

    private struct Draft {
        let key: String
        let header: String
        let message: String
        let options: [String]
    }
}
