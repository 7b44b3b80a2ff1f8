import Foundation

/// The results of validating a deployed (or emulated) zone architecture: what `zonectl verify --json` writes and
/// `zonectl report --validation` reads.
public struct ValidationResults: Codable, Sendable, Equatable {
    public enum Category: String, Codable, Sendable, CaseIterable {
        /// A conduit channel that must be open.
        case crossZone = "cross-zone"
        /// A path the model does not allow, which must be blocked.
        case prohibitedPath = "prohibited-path"
        /// Protocol enforcement, such as a Modbus write that must be refused.
        case protocolEnforcement = "protocol-enforcement"
        /// Data diode tests: forward flow, reverse flow, latency.
        case diode
    }

    public struct Probe: Codable, Sendable, Equatable {
        public var category: Category
        public var name: String
        public var fromZone: String?
        public var toZone: String?
        public var target: String?
        public var expected: String
        public var observed: String
        public var passed: Bool
        /// Diode tests use the seed's statuses: PASS, WARN, FAIL, CRITICAL_FAIL.
        public var status: String?
        public var detail: String?

        public init(
            category: Category, name: String, fromZone: String? = nil, toZone: String? = nil, target: String? = nil,
            expected: String, observed: String, passed: Bool, status: String? = nil, detail: String? = nil
        ) {
            self.category = category
            self.name = name
            self.fromZone = fromZone
            self.toZone = toZone
            self.target = target
            self.expected = expected
            self.observed = observed
            self.passed = passed
            self.status = status
            self.detail = detail
        }
    }

    public var model: String?
    public var modelSHA256: String?
    /// Where the probes ran: a testbed name or `network`.
    public var environment: String?
    public var probes: [Probe]

    public init(model: String? = nil, modelSHA256: String? = nil, environment: String? = nil, probes: [Probe]) {
        self.model = model
        self.modelSHA256 = modelSHA256
        self.environment = environment
        self.probes = probes
    }

    public func probes(_ category: Category) -> [Probe] { probes.filter { $0.category == category } }
    public var allPassed: Bool { probes.allSatisfy(\.passed) }

    /// Reads a results file; the error names the file and what is wrong.
    public static func read(path: String) throws -> ValidationResults {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationResultsError(message: "\(path): cannot read validation results")
        }
        do {
            return try JSONDecoder().decode(ValidationResults.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw ValidationResultsError(message: "\(path): not a validation results file: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            let at = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw ValidationResultsError(message: "\(path): validation results lack '\(at)'")
        } catch {
            throw ValidationResultsError(message: "\(path): not a validation results file: \(error)")
        }
    }
}

public struct ValidationResultsError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
