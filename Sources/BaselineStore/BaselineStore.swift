import FlowBaseline
import Foundation
import GRDB

/// A capture that went into the store, recognised again by its content hash (``ContentHash``).
public struct CaptureEntry: Sendable, Equatable {
    public var contentHash: String
    public var name: String
    public var bytes: UInt64
    public var packets: Int
    public var ingestedAt: Date

    public init(contentHash: String, name: String, bytes: UInt64, packets: Int, ingestedAt: Date = Date()) {
        self.contentHash = contentHash
        self.name = name
        self.bytes = bytes
        self.packets = packets
        self.ingestedAt = ingestedAt
    }
}

public struct BaselineStoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable { case openFailed = "open-failed", writeFailed = "write-failed" }
    public let code: Code
    public let message: String
    public var description: String { message }
}

/// The traffic baseline in SQLite: flows merged across every ingested capture or log. Flows are never aged
/// out, so a monthly backup or a rare engineering session stays in the baseline once seen.
public final class BaselineStore {
    private let queue: DatabaseQueue

    public init(path: String) throws {
        do {
            queue = try DatabaseQueue(path: path)
            try Self.migrator.migrate(queue)
        } catch {
            throw BaselineStoreError(code: .openFailed, message: "cannot open baseline store \(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "captures") { table in
                table.primaryKey("contentHash", .text)
                table.column("name", .text).notNull()
                table.column("bytes", .integer).notNull()
                table.column("packets", .integer).notNull()
                table.column("ingestedAt", .datetime).notNull()
            }
            try db.create(table: "flows") { table in
                table.column("client", .text).notNull()
                table.column("server", .text).notNull()
                table.column("transport", .integer).notNull()
                table.column("port", .integer).notNull()
                table.column("service", .text).notNull()
                table.column("confirmed", .boolean).notNull()
                for column in ["packetsToServer", "packetsToClient", "bytesToServer", "bytesToClient", "firstSeen", "lastSeen", "operations", "exceptions"] {
                    table.column(column, .integer).notNull()
                }
                for column in ["vlans", "functionCodes", "requestCodes", "unitIDs", "details"] {
                    table.column(column, .text).notNull()
                }
                table.primaryKey(["client", "server", "transport", "port"])
            }
            try db.create(table: "macs") { table in
                table.column("address", .text).notNull()
                table.column("mac", .text).notNull()
                table.primaryKey(["address", "mac"])
            }
        }
        return migrator
    }

    public func capture(contentHash: String) throws -> CaptureEntry? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM captures WHERE contentHash = ?", arguments: [contentHash]).map { row in
                CaptureEntry(contentHash: row["contentHash"], name: row["name"], bytes: UInt64(row["bytes"] as Int64),
                             packets: row["packets"], ingestedAt: row["ingestedAt"])
            }
        }
    }

    public func captures() throws -> [CaptureEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM captures ORDER BY ingestedAt").map { row in
                CaptureEntry(contentHash: row["contentHash"], name: row["name"], bytes: UInt64(row["bytes"] as Int64),
                             packets: row["packets"], ingestedAt: row["ingestedAt"])
            }
        }
    }

    /// Merges one capture's flows into the store in a single transaction.
    /// Returns false, changing nothing, when a capture with the same content was already ingested.
    @discardableResult
    public func merge(flows: [FlowRecord], macs: [FlowAddress: Set<UInt64>], capture: CaptureEntry) throws -> Bool {
        try queue.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM captures WHERE contentHash = ?", arguments: [capture.contentHash]) != nil { return false }
            try db.execute(
                sql: "INSERT INTO captures (contentHash, name, bytes, packets, ingestedAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [capture.contentHash, capture.name, Int64(capture.bytes), capture.packets, capture.ingestedAt])
            for flow in flows {
                var merged = flow
                let key = FlowRow(flow)
                if let existing = try FlowRow.fetchOne(
                    db, sql: "SELECT * FROM flows WHERE client = ? AND server = ? AND transport = ? AND port = ?",
                    arguments: [key.client, key.server, key.transport, key.port])?.record
                {
                    merged = existing
                    merged.merge(flow)
                }
                try FlowRow(merged).save(db)
            }
            for (address, set) in macs {
                for mac in set {
                    try db.execute(sql: "INSERT OR IGNORE INTO macs (address, mac) VALUES (?, ?)",
                                   arguments: [address.description, FlowAddress.macText(mac)])
                }
            }
            return true
        }
    }

    public func flows() throws -> [FlowRecord] {
        try queue.read { db in try FlowRow.fetchAll(db).compactMap(\.record) }.sorted { $0.key < $1.key }
    }

    public func macs() throws -> [FlowAddress: Set<UInt64>] {
        try queue.read { db in
            var result: [FlowAddress: Set<UInt64>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT address, mac FROM macs") {
                guard let address = FlowAddress(row["address"] as String), let mac = FlowAddress(row["mac"] as String) else { continue }
                result[address, default: []].insert(mac.low)
            }
            return result
        }
    }

    public func assets() throws -> [AssetRecord] { AssetInventory.assets(flows: try flows(), macs: try macs()) }
}
