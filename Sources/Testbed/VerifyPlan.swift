import ZoneCore

/// One expectation derived from the model: a probe, where it runs and what it must see.
public struct Expectation: Sendable {
    public let category: ValidationResults.Category
    public let name: String
    public let fromZone: String
    public let toZone: String
    /// The namespace the probe runs in; nil: this host.
    public let namespace: String?
    public let probe: Probe
    public let expected: ProbeOutcome
}

/// The expected result of every probe between every ordered pair of zones, from the access policy: conduit
/// ports and the standard OT/IT list over TCP/UDP, Modbus reads and writes where a Modbus channel is open,
/// and ICMP toward each diode's transmit side from its receive side.
public enum VerifyPlan {
    /// Where probes start in a zone: its namespace (nil on a real network) and its source addresses.
    public struct Vantage: Sendable {
        public let zone: String
        public let namespace: String?
        public let sources: [IPAddress]
    }

    public static func expectations(
        model: ZoneModel, vantages: [Vantage], targets: [String: [IPAddress]], ports: [ServicePort], diodeTransmitters: [(rxZone: String, namespace: String?, tx: IPAddress)]
    ) -> [Expectation] {
        let policy = AccessPolicy(model: model)
        let modbusServers = ModbusServers.all(model)
        var result: [Expectation] = []
        for vantage in vantages {
            for zone in model.zones where zone.id != vantage.zone {
                for source in vantage.sources {
                    for destination in targets[zone.id] ?? [] where destination.family == source.family {
                        for port in ports {
                            let verdict = policy.evaluate(source: source, destination: destination, transport: port.transport, port: port.ports.lower)
                            if case .allowed(let rule) = verdict, rule.unidirectional { continue }
                            let kind: Probe.Kind = port.transport == .tcp ? .tcp : .udp
                            result.append(
                                Expectation(
                                    category: verdict.isAllowed ? .crossZone : .prohibitedPath, name: "\(port.transport)/\(port.ports.lower)",
                                    fromZone: vantage.zone, toZone: zone.id, namespace: vantage.namespace,
                                    probe: Probe(kind, source: source, destination: destination, port: port.ports.lower),
                                    expected: verdict.isAllowed ? .reached : .blocked))
                            guard case .allowed(let rule) = verdict, port == ServicePort(.tcp, TestbedPlan.modbusPort), modbusServers.contains(destination)
                            else { continue }
                            let codes = Set(rule.functionCodes ?? Array(ModbusFunctionCodes.readCodes.union(ModbusFunctionCodes.writeCodes)))
                            for (kind, code) in [(Probe.Kind.modbusRead, 3), (.modbusWrite, 6)] {
                                let allowed = codes.contains(code) && !(rule.readOnly && code == 6)
                                result.append(
                                    Expectation(
                                        category: .protocolEnforcement, name: kind == .modbusRead ? "Modbus read FC 3" : "Modbus write FC 6",
                                        fromZone: vantage.zone, toZone: zone.id, namespace: vantage.namespace,
                                        probe: Probe(kind, source: source, destination: destination, port: TestbedPlan.modbusPort),
                                        expected: allowed ? .reached : .refused))
                            }
                        }
                    }
                }
            }
        }
        for (rxZone, namespace, tx) in diodeTransmitters {
            guard tx.family == .v4, let txZone = policy.zone(of: tx) else { continue }
            result.append(
                Expectation(
                    category: .diode, name: "ICMP echo toward the diode transmit side", fromZone: rxZone, toZone: txZone,
                    namespace: namespace, probe: Probe(.icmp, source: nil, destination: tx, port: 0), expected: .blocked))
        }
        return result
    }
}
