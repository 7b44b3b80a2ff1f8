/// A streaming reader for pcap (both byte orders, µs and ns) and pcapng (sections in either byte order,
/// several interfaces, EPB/SPB/obsolete PB). It keeps one refillable buffer, so memory does not grow with
/// the capture; a malformed record ends the pass with a ``CaptureError`` after every earlier packet was delivered.
public final class CaptureReader<Source: ByteSource> {
    private var source: Source
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// Capture offset of `storage[0]`.
    private var base: UInt64 = 0
    /// Largest record or block accepted; bigger claims are corrupt.
    static var maximumRecord: Int { 64 << 20 }

    public init(source: Source, bufferSize: Int = 4 << 20) {
        self.source = source
        storage = .allocate(byteCount: max(bufferSize, 64 << 10), alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Access to the byte source, for wrappers that compute something over the bytes read (a content hash).
    public func withSource<Result>(_ body: (inout Source) -> Result) -> Result { body(&source) }

    private var position: UInt64 { base + UInt64(start) }

    /// Makes at least `count` bytes available at `start`; false when the input ends first.
    @inline(__always)
    private func ensure(_ count: Int) throws -> Bool {
        if end - start >= count { return true }
        return try refill(count)
    }

    private func refill(_ count: Int) throws -> Bool {
        if count > storage.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, storage.count * 2), alignment: 16)
            grown.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start)
            storage.deallocate()
            storage = grown
            base += UInt64(start)
            end -= start
            start = 0
        } else if start > 0 {
            storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start)
            base += UInt64(start)
            end -= start
            start = 0
        }
        while end - start < count && !atEnd {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            if read == 0 { atEnd = true } else { end += read }
        }
        return end - start >= count
    }

    private var available: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[start..<end])
    }

    /// Reads the whole capture, calling `body` for each packet in file order.
    @discardableResult
    public func forEachPacket(_ body: (CapturePacket) throws -> Void) throws -> CaptureSummary {
        guard try ensure(4) else {
            throw CaptureError(.truncated, at: 0, "the capture is shorter than a file header (\(end - start) bytes)")
        }
        let magic = available.u32le(0)
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1:
            return try readPcap(magic: magic, body)
        case 0x0A0D_0D0A:
            return try readPcapng(body)
        default:
            let hex = String(magic.byteSwapped, radix: 16, uppercase: false)
            throw CaptureError(.badMagic, at: 0, "not a pcap or pcapng capture (magic 0x\(hex))")
        }
    }

    // MARK: - pcap

    private func readPcap(magic: UInt32, _ body: (CapturePacket) throws -> Void) throws -> CaptureSummary {
        let swapped = magic == 0xD4C3_B2A1 || magic == 0x4D3C_B2A1
        let nanos = magic == 0xA1B2_3C4D || magic == 0x4D3C_B2A1
        var summary = CaptureSummary(format: .pcap)
        summary.nanosecondTimestamps = nanos
        summary.swappedByteOrder = swapped
        guard try ensure(24) else {
            throw CaptureError(.truncated, at: 0, "the pcap file header needs 24 bytes, the capture has \(end - start)")
        }
        let header = available
        let snapLength = header.u32(16, swapped: swapped)
        let linkType = header.u32(20, swapped: swapped) & 0x0FFF_FFFF
        guard snapLength != 0 else { throw CaptureError(.zeroSnapLength, at: 16, "the pcap header has snap length 0") }
        summary.interfaces = [linkType]
        start += 24
        let fractionScale: Int64 = nanos ? 1 : 1000
        while true {
            guard try ensure(16) else {
                if end > start {
                    throw CaptureError(.truncated, at: position, "a record header needs 16 bytes, the capture ends after \(end - start)")
                }
                return summary
            }
            let record = available
            let seconds = Int64(record.u32(0, swapped: swapped))
            let fraction = Int64(record.u32(4, swapped: swapped))
            let captured = Int(record.u32(8, swapped: swapped))
            let original = Int(record.u32(12, swapped: swapped))
            guard captured <= Self.maximumRecord else {
                throw CaptureError(.badRecordLength, at: position, "record claims \(captured) captured bytes, more than any frame")
            }
            guard try ensure(16 + captured) else {
                throw CaptureError(.recordPastEnd, at: position, "record claims \(captured) bytes, the capture ends after \(end - start - 16)")
            }
            let packet = CapturePacket(
                timestampNanos: seconds &* 1_000_000_000 &+ fraction &* fractionScale, linkType: linkType, interface: 0,
                bytes: UnsafeRawBufferPointer(rebasing: available[16..<(16 + captured)]), originalLength: original,
                offset: position)
            try body(packet)
            summary.packets += 1
            summary.bytes += UInt64(captured)
            start += 16 + captured
        }
    }

    // MARK: - pcapng

    private struct Interface {
        var linkType: UInt32
        var snapLength: Int
        /// Timestamp units per second.
        var unitsPerSecond: Int64
    }

    private func readPcapng(_ body: (CapturePacket) throws -> Void) throws -> CaptureSummary {
        var summary = CaptureSummary(format: .pcapng)
        summary.nanosecondTimestamps = true
        var swapped = false
        var interfaces: [Interface] = []
        while true {
            guard try ensure(12) else {
                if end > start {
                    throw CaptureError(.truncated, at: position, "a block header needs 12 bytes, the capture ends after \(end - start)")
                }
                return summary
            }
            var block = available
            let type = block.u32le(0)
            if type == 0x0A0D_0D0A {
                let order = block.u32le(8)
                guard order == 0x1A2B_3C4D || order == 0x4D3C_2B1A else {
                    throw CaptureError(.badMagic, at: position + 8, "section header has byte-order magic 0x\(String(order, radix: 16))")
                }
                swapped = order == 0x4D3C_2B1A
                summary.swappedByteOrder = swapped
                interfaces = []
            }
            let length = Int(block.u32(4, swapped: swapped))
            guard length >= 12, length % 4 == 0, length <= Self.maximumRecord else {
                throw CaptureError(.badBlockLength, at: position, "block length \(length) is not a multiple of 4 between 12 and 64 MiB")
            }
            guard try ensure(length) else {
                throw CaptureError(.recordPastEnd, at: position, "block claims \(length) bytes, the capture ends after \(end - start)")
            }
            block = UnsafeRawBufferPointer(rebasing: available[0..<length])
            guard Int(block.u32(length - 4, swapped: swapped)) == length else {
                throw CaptureError(.badBlockLength, at: position, "block's trailing length differs from its leading length \(length)")
            }
            let blockType = block.u32(0, swapped: swapped)
            switch blockType {
            case 1:
                guard length >= 20 else { throw CaptureError(.badBlockLength, at: position, "interface block of \(length) bytes") }
                let interface = Interface(
                    linkType: UInt32(block.u16(8, swapped: swapped)), snapLength: Int(block.u32(12, swapped: swapped)),
                    unitsPerSecond: Self.timestampResolution(options: block[16..<(length - 4)], swapped: swapped))
                interfaces.append(interface)
                summary.interfaces.append(interface.linkType)
            case 6, 2:
                guard length >= 32 else { throw CaptureError(.badBlockLength, at: position, "packet block of \(length) bytes") }
                let interfaceID = blockType == 6 ? Int(block.u32(8, swapped: swapped)) : Int(block.u16(8, swapped: swapped))
                guard interfaceID < interfaces.count else {
                    throw CaptureError(.unknownInterface, at: position, "packet names interface \(interfaceID), the section declares \(interfaces.count)")
                }
                let captured = Int(block.u32(20, swapped: swapped))
                guard 28 + captured <= length - 4 else {
                    throw CaptureError(.badRecordLength, at: position, "packet claims \(captured) bytes in a block of \(length)")
                }
                let interface = interfaces[interfaceID]
                let stamp = Int64(block.u32(12, swapped: swapped)) << 32 | Int64(block.u32(16, swapped: swapped))
                try deliver(
                    CapturePacket(
                        timestampNanos: Self.nanoseconds(stamp, unitsPerSecond: interface.unitsPerSecond),
                        linkType: interface.linkType, interface: interfaceID,
                        bytes: UnsafeRawBufferPointer(rebasing: block[28..<(28 + captured)]),
                        originalLength: Int(block.u32(24, swapped: swapped)), offset: position),
                    to: body, summary: &summary)
            case 3:
                guard let interface = interfaces.first else {
                    throw CaptureError(.unknownInterface, at: position, "simple packet block before any interface block")
                }
                let original = Int(block.u32(8, swapped: swapped))
                var captured = min(original, length - 16)
                if interface.snapLength > 0 { captured = min(captured, interface.snapLength) }
                try deliver(
                    CapturePacket(
                        timestampNanos: 0, linkType: interface.linkType, interface: 0,
                        bytes: UnsafeRawBufferPointer(rebasing: block[12..<(12 + captured)]), originalLength: original,
                        offset: position),
                    to: body, summary: &summary)
            default:
                break
            }
            start += length
        }
    }

    @inline(__always)
    private func deliver(_ packet: CapturePacket, to body: (CapturePacket) throws -> Void, summary: inout CaptureSummary) throws {
        try body(packet)
        summary.packets += 1
        summary.bytes += UInt64(packet.bytes.count)
    }

    /// Reads `if_tsresol` (option 9) from an interface block's options; the default is microseconds.
    private static func timestampResolution(options: Slice<UnsafeRawBufferPointer>, swapped: Bool) -> Int64 {
        let bytes = UnsafeRawBufferPointer(rebasing: options)
        var offset = 0
        while offset + 4 <= bytes.count {
            let code = bytes.u16(offset, swapped: swapped)
            let length = Int(bytes.u16(offset + 2, swapped: swapped))
            if code == 0 { break }
            if code == 9, length >= 1, offset + 5 <= bytes.count {
                let value = bytes[offset + 4]
                let exponent = Int64(value & 0x7F)
                if value & 0x80 != 0 { return exponent < 63 ? 1 << exponent : 1_000_000 }
                return exponent <= 18 ? (0..<exponent).reduce(1) { result, _ in result * 10 } : 1_000_000
            }
            offset += 4 + (length + 3) & ~3
        }
        return 1_000_000
    }

    @inline(__always)
    private static func nanoseconds(_ stamp: Int64, unitsPerSecond: Int64) -> Int64 {
        if unitsPerSecond == 1_000_000 { return stamp &* 1000 }
        if unitsPerSecond == 1_000_000_000 { return stamp }
        let seconds = stamp / unitsPerSecond
        let remainder = stamp % unitsPerSecond
        return seconds &* 1_000_000_000 &+ remainder &* 1_000_000_000 / unitsPerSecond
    }
}
