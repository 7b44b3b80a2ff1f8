import Foundation
import Crypto
import FlowBaseline

/// Passes capture bytes through while computing their SHA-256, so a re-ingested file is recognised.
public struct HashingSource<Inner: ByteSource>: ByteSource {
    private var inner: Inner
    private var hasher = SHA256()
    public private(set) var byteCount: UInt64 = 0

    public init(_ inner: Inner) { self.inner = inner }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try inner.read(into: buffer)
        if count > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            byteCount += UInt64(count)
        }
        return count
    }

    /// The hex digest of everything read so far.
    public var digest: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

public enum ContentHash {
    /// Hex SHA-256 of a byte array (for logs read whole).
    public static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }
}
