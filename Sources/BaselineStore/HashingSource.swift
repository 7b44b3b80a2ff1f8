import FlowBaseline

/// Passes capture bytes through while computing their ``ContentHash``, so a re-ingested file is recognised.
public struct HashingSource<Inner: ByteSource>: ByteSource {
    private var inner: Inner
    private var hash = ContentHash()

    public init(_ inner: Inner) { self.inner = inner }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try inner.read(into: buffer)
        if count > 0 { hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        return count
    }

    public var digest: String { hash.hexDigest }
    public var byteCount: UInt64 { hash.length }
}
