import Foundation
import Testing

/// `zonectl baseline` end to end through the built binary (scripts/test sets ZONECTL_BINARY).
struct BaselineCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func zonectl(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        guard let binary = ProcessInfo.processInfo.environment["ZONECTL_BINARY"], FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("ZONECTL_BINARY is not set to the built zonectl; run scripts/test")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            let writer = Thread {
                input.fileHandleForWriting.write(stdin)
                try? input.fileHandleForWriting.close()
            }
            writer.start()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-cli-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func ingestListProposeLintCheck() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("plant.db").path
        let capture = Fixtures.url("captures", "s7comm_clean.pcap").path

        #expect(try zonectl(["baseline", "ingest", "--store", store, capture]).status == 0)
        let again = try zonectl(["baseline", "ingest", "--store", store, "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: capture)))
        #expect(again.status == 0)
        #expect(again.stderr.contains("already in the baseline"))

        let flows = try zonectl(["baseline", "flows", "--store", store, "--format", "json"])
        #expect(flows.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(flows.stdout.utf8)) as? [[String: String]])
        let s7 = try #require(rows.first { $0["service"] == "s7comm" })
        #expect(s7["packets"] == "5447")
        #expect(s7["client"] == "192.168.0.21" && s7["server"] == "192.168.0.2" && s7["port"] == "102")

        let csv = try zonectl(["baseline", "assets", "--store", store, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("address,role,confidence,purdue_level"))
        #expect(csv.stdout.contains("192.168.0.2,plc,"))

        let proposed = try zonectl(["baseline", "propose", "--store", store])
        #expect(proposed.status == 0)
        let model = directory.appendingPathComponent("proposed.yaml")
        try proposed.stdout.write(to: model, atomically: true, encoding: .utf8)
        let lint = try zonectl(["lint", model.path])
        #expect(!lint.stdout.contains("error["), "\(lint.stdout)")

        let check = try zonectl(["baseline", "check", "--store", store, "--model", model.path, "--json"])
        #expect(check.status == 0, "\(check.stdout)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(((report["check"] as? [String: Any])?["blocked"] as? [Any])?.isEmpty == true)
        let analysis = try #require(report["analysis"] as? [String: Any])
        #expect((analysis["blocked"] as? [Any])?.isEmpty == true && (analysis["suggestions"] as? [Any])?.isEmpty == true)

        // Checked against a model that knows none of these hosts, every flow is reported, in the shared format too.
        let starter = directory.appendingPathComponent("starter.yaml")
        #expect(try zonectl(["init", starter.path]).status == 0)
        let foreign = try zonectl(["baseline", "check", "--store", store, "--model", starter.path, "--json"])
        #expect(foreign.status == 1)
        let foreignReport = try #require(try JSONSerialization.jsonObject(with: Data(foreign.stdout.utf8)) as? [String: Any])
        #expect(((foreignReport["analysis"] as? [String: Any])?["unmapped"] as? [Any])?.isEmpty == false)
    }

    @Test func badCaptureIsInvalidInputWithTheByteOffset() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("plant.db").path
        let run = try zonectl(["baseline", "ingest", "--store", store, Fixtures.url("synthetic", "raw-truncated.pcap").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("byte 341"))
        #expect(run.stderr.contains("record-past-end"))
        // The packets before the bad record were kept.
        let flows = try zonectl(["baseline", "flows", "--store", store, "--format", "csv"])
        #expect(flows.stdout.contains("198.18.0.10,198.18.0.20,tcp,502,modbus,5,"))
        #expect(try zonectl(["baseline", "flows", "--store", directory.appendingPathComponent("missing.db").path]).status == 2)
    }
}
