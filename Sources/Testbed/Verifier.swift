import DiodeServices
import Foundation
import ZoneCore
import ZoneReport

/// Runs the Step 5 validation: every expectation's probe, and the data diode validator on each diode link.
public enum Verifier {
    /// Probes a testbed built by `zonectl testbed up`, from inside its zone namespaces.
    public static func verify(model path: String, testbed name: String) throws(TestbedError) -> ValidationResults {
        let state = try TestbedState.read(name)
        guard state.complete else {
            throw TestbedError(.notFound, "testbed \(name) was not completely built; run 'zonectl testbed down \(name)' and 'up' again")
        }
        let (original, _, text, mapped) = try Testbed.mappedModel(path: path)
        guard (try? String(contentsOfFile: state.mappedModel, encoding: .utf8)) == text else {
            throw TestbedError(.invalidModel, "testbed \(name) runs \(state.model), not this version of \(path); bring it down and up again")
        }
        let plan = try TestbedPlan(model: mapped, name: name)
        let vantages = plan.zones.map { VerifyPlan.Vantage(zone: $0.zone, namespace: $0.namespace, sources: sources(of: $0, mapped)) }
        let targets = Dictionary(uniqueKeysWithValues: plan.zones.map { ($0.zone, $0.addresses) })
        let expectations = VerifyPlan.expectations(
            model: mapped, vantages: vantages, targets: targets, ports: plan.ports, diodeTransmitters: plan.diodes.map { ($0.rxZone, $0.namespace, $0.tx) })
        let diodeResults = DiodeRuns()
        let diodeJobs: [@Sendable () -> Void] = plan.diodes.compactMap { diode in
            guard let tx = plan.zone(diode.txZone) else { return nil }
            return { diodeResults.add(Result { () throws(TestbedError) in try validateDiode(diode, ot: tx.namespace, dmz: diode.namespace) }) }
        }
        var probes: [ValidationResults.Probe] = []
        var probeError: TestbedError?
        // The diode validators run beside the probes; both mostly wait, and together they hold many sockets.
        ProbeRunner.raiseFileLimit()
        let diodesDone = DispatchSemaphore(value: 0)
        Thread {
            BlockingThreads.run(diodeJobs)
            diodesDone.signal()
        }.start()
        do { probes = try run(expectations) } catch { probeError = error }
        diodesDone.wait()
        if let probeError { throw probeError }
        probes += try diodeResults.all()
        return ValidationResults(model: path, modelSHA256: original.sha256, environment: "testbed \(name)", probes: probes)
    }

    /// Probes a real network from this host, which must hold an address in `zone`.
    public static func verify(model path: String, fromZone zone: String, localAddresses: [IPAddress]) throws(TestbedError) -> ValidationResults {
        let loaded = ModelLoader.load(path: path)
        guard let model = loaded.model, !loaded.isInvalid else { throw TestbedError(.invalidModel, "\(path): cannot load; run 'zonectl lint \(path)'") }
        guard model.zone(zone) != nil else { throw TestbedError(.invalidModel, "\(path): no zone \(zone)") }
        let policy = AccessPolicy(model: model)
        let sources = localAddresses.filter { policy.zone(of: $0) == zone }
        guard !sources.isEmpty else {
            throw TestbedError(.noAddresses, "this host has no address in zone \(zone) (\(policy.subnets(of: zone).map(\.description).joined(separator: ", "))); run verify from a host inside it")
        }
        let targets = Dictionary(uniqueKeysWithValues: model.zones.map { ($0.id, $0.assets.flatMap(\.addresses)) })
        let ports = Array(Set(TestbedPlan.standardPorts + policy.rules.map { ServicePort($0.port.transport, $0.port.ports.lower) })).sorted()
        let expectations = VerifyPlan.expectations(
            model: model, vantages: [.init(zone: zone, namespace: nil, sources: sources)], targets: targets, ports: ports, diodeTransmitters: [])
        return ValidationResults(model: path, modelSHA256: model.sha256, environment: "network from \(zone)", probes: try run(expectations))
    }

    /// A zone's probe sources: its probe host and every asset a conduit names as a source.
    private static func sources(of zone: TestbedPlan.ZoneHost, _ model: ZoneModel) -> [IPAddress] {
        let policy = AccessPolicy(model: model)
        let named = Set(policy.rules.filter { $0.from == zone.zone }.flatMap { policy.networks($0.sources, in: $0.from) }.filter(\.isHost).map(\.address))
        return zone.probeAddresses + zone.assetAddresses.filter(named.contains)
    }

    /// Runs every probe; probes that missed their expectation run once more, alone, with a longer timeout, so
    /// that a reply lost under the load of thousands of simultaneous probes is not reported as a finding.
    private static func run(_ expectations: [Expectation]) throws(TestbedError) -> [ValidationResults.Probe] {
        var seen = try outcomes(expectations, timeout: ProbeRunner.timeout)
        let missed = expectations.filter { seen[$0.probe] != $0.expected }
        if !missed.isEmpty {
            seen.merge(try outcomes(missed, timeout: .seconds(2)), uniquingKeysWith: { $1 })
        }
        return expectations.map { expectation in
            let observed = seen[expectation.probe] ?? .blocked
            let probe = expectation.probe
            let target = probe.kind == .icmp ? probe.destination.description : Testbed.endpoint(probe.destination, probe.port)
            return ValidationResults.Probe(
                category: expectation.category, name: expectation.name, fromZone: expectation.fromZone, toZone: expectation.toZone,
                target: target, expected: expectation.expected.rawValue, observed: observed.rawValue, passed: observed == expectation.expected,
                detail: probe.source.map { "from \($0)" })
        }
    }

    private static func outcomes(_ expectations: [Expectation], timeout: Duration) throws(TestbedError) -> [Probe: ProbeOutcome] {
        let groups = Dictionary(grouping: expectations.indices) { expectations[$0].namespace ?? "" }
        let outcomes = Outcomes()
        // One thread per namespace, all at once: each mostly waits for probes to time out.
        BlockingThreads.run(groups.map { namespace, members in
            let probes = members.map { expectations[$0].probe }
            return {
                outcomes.add(Result { () throws(TestbedError) in
                    try ProbeRunner.run(probes, namespace: namespace.isEmpty ? nil : namespace, timeout: timeout)
                })
            }
        })
        return try outcomes.merged()
    }

    private final class DiodeRuns: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<[ValidationResults.Probe], TestbedError>] = []
        func add(_ result: Result<[ValidationResults.Probe], TestbedError>) { lock.withLock { results.append(result) } }
        func all() throws(TestbedError) -> [ValidationResults.Probe] {
            var all: [ValidationResults.Probe] = []
            for result in lock.withLock({ results }) { all += try result.get() }
            return all
        }
    }

    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<[Probe: ProbeOutcome], TestbedError>] = []
        func add(_ result: Result<[Probe: ProbeOutcome], TestbedError>) { lock.withLock { results.append(result) } }
        func merged() throws(TestbedError) -> [Probe: ProbeOutcome] {
            var all: [Probe: ProbeOutcome] = [:]
            for result in results { all.merge(try result.get(), uniquingKeysWith: { $1 }) }
            return all
        }
    }

    /// The diode validator's forward flow, reverse flow and latency tests across a diode link.
    private static func validateDiode(_ diode: TestbedPlan.DiodeLink, ot: String, dmz: String) throws(TestbedError) -> [ValidationResults.Probe] {
        let report: DiodeValidator.Report
        do {
            var options = DiodeValidator.Options(
                tx: try SocketEndpoint(host: diode.tx.description, port: diode.port),
                rx: try SocketEndpoint(host: diode.rx.description, port: diode.port &+ 40000))
            options.otNamespace = ot
            options.dmzNamespace = dmz
            options.probes = 20
            options.timeout = .seconds(1)
            report = try DiodeValidator(options: options).run()
        } catch {
            throw TestbedError(.command, "diode validation \(diode.tx) -> \(diode.rx) failed to run: \(error)")
        }
        return report.results.map { result in
            let passed = result.status == .pass || result.status == .warn
            return ValidationResults.Probe(
                category: .diode, name: result.test, fromZone: diode.txZone, toZone: diode.rxZone, target: "\(diode.tx) -> \(diode.rx)",
                expected: "PASS", observed: result.status.rawValue, passed: passed, status: result.status.rawValue, detail: result.detail)
        }
    }

    /// The guide's VALIDATION RESULTS section, followed by every failed expectation.
    public static func text(_ results: ValidationResults, model: ZoneModel) -> String {
        let report = ImplementationReport(model: model, findings: [], validation: results, date: "")
        var lines = ["VALIDATION RESULTS:"]
        for (label, value) in report.validation.summaryLines { lines.append("  \(label): \(value)") }
        for diode in report.validation.diode { lines.append("  Data diode \(diode)") }
        let failed = results.probes.filter { !$0.passed }
        lines.append("  Expectations: \(results.probes.count - failed.count) met, \(failed.count) failed")
        for probe in failed {
            let path = [probe.fromZone, probe.toZone].compactMap { $0 }.joined(separator: " -> ")
            lines.append("  FAIL \(path) \(probe.name) \(probe.target ?? "") \(probe.detail ?? ""): expected \(probe.expected), observed \(probe.observed)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
