import BaselineStore
import FlowBaseline
import Foundation
import Testing

/// The SQLite baseline: merging across captures, and re-ingesting the same content counts nothing twice.
struct BaselineStoreTests {
    func temporaryStore() throws -> (BaselineStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(getpid())-\(UUID().uuidString).db").path
        return (try BaselineStore(path: path), path)
    }

    func ingest(_ name: String, into store: BaselineStore, folder: String = "captures") throws -> Bool {
        let bytes = try Fixtures.bytes(folder, name)
        let (aggregator, _, error) = Fixtures.aggregate(bytes)
        #expect(error == nil)
        return try store.merge(flows: aggregator.flows, macs: aggregator.macs,
                               capture: CaptureEntry(contentHash: ContentHash.of(bytes), name: name, bytes: UInt64(bytes.count), packets: aggregator.packets))
    }

    @Test func reingestingTheSameCaptureDoesNotDoubleCount() throws {
        let (store, path) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ingest("modbusSmall.pcap", into: store))
        let before = try store.flows()
        #expect(try !ingest("modbusSmall.pcap", into: store))
        #expect(try store.flows() == before)
        #expect(try store.captures().count == 1)
    }

    @Test func laterCapturesMergeIntoTheSameFlows() throws {
        let (store, path) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ingest("vlan-qinq.pcap", into: store, folder: "synthetic"))
        #expect(try ingest("sll.pcap", into: store, folder: "synthetic"))
        let flows = try store.flows()
        #expect(flows.count == 1)
        let flow = try #require(flows.first)
        #expect(flow.packets == 12)
        #expect(flow.vlans.texts == ["10", "100.20"])
        #expect(flow.functionCodes.map(\.count) == [4, 4])
        #expect(flow.requestCodes.members == [3, 6])
        let reopened = try BaselineStore(path: path)
        #expect(try reopened.flows() == flows)
        #expect(try reopened.assets().first { $0.address == FlowAddress("198.18.0.20") }?.macs == ["00:0e:8c:01:02:03"])
    }
}

/// The content fingerprint does not depend on how reads split the bytes, and tells different content apart.
struct ContentHashTests {
    @Test func chunkingDoesNotChangeTheDigest() throws {
        let bytes = try Fixtures.bytes("captures", "dnp3.pcap")
        let whole = ContentHash.of(bytes)
        for piece in [1, 7, 31, 32, 33, 4096] {
            var hash = ContentHash()
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + piece, bytes.count)
                bytes[offset..<end].withUnsafeBytes { hash.update($0) }
                offset = end
            }
            #expect(hash.hexDigest == whole, "pieces of \(piece)")
        }
        var changed = bytes
        changed[changed.count / 2] ^= 1
        #expect(ContentHash.of(changed) != whole)
        #expect(ContentHash.of(Array(bytes.dropLast())) != whole)
        #expect(whole.count == 32)
    }
}
