/// Link-layer header types of pcap and pcapng (tcpdump.org LINKTYPE_ values) that the decoder reads.
public enum LinkType {
    public static let ethernet: UInt32 = 1
    public static let raw: UInt32 = 101
    public static let rawBSD: UInt32 = 12
    public static let rawOpenBSD: UInt32 = 14
    public static let linuxSLL: UInt32 = 113
    public static let ipv4: UInt32 = 228
    public static let ipv6: UInt32 = 229
    public static let linuxSLL2: UInt32 = 276
}

/// One captured frame as the reader hands it out; `bytes` is valid only during the callback.
public struct CapturePacket {
    public var timestampNanos: Int64
    public var linkType: UInt32
    public var interface: Int
    public var bytes: UnsafeRawBufferPointer
    public var originalLength: Int
    /// Offset of the record's header in the capture.
    public var offset: UInt64
}

/// What one pass over a capture saw.
public struct CaptureSummary: Sendable, Equatable {
    public enum Format: String, Sendable { case pcap, pcapng }
    public var format: Format
    public var packets: Int = 0
    public var bytes: UInt64 = 0
    public var interfaces: [UInt32] = []
    public var nanosecondTimestamps = false
    public var swappedByteOrder = false
}
