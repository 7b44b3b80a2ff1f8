import FlowBaseline
import Testing

/// Every malformed capture ends in a typed error at the right byte offset, or reads cleanly; none crashes.
struct NastyCaptureTests {
    static let expected: [String: (CaptureError.Code?, UInt64)] = [
        "empty.bin": (.truncated, 0),
        "bad-magic.bin": (.badMagic, 0),
        "short-header.pcap": (.truncated, 0),
        "zero-snaplen.pcap": (.zeroSnapLength, 16),
        "huge-record.pcap": (.badRecordLength, 24),
        "record-past-end.pcap": (.recordPastEnd, 24),
        "partial-record-header.pcap": (.truncated, 24),
        "pcapng-bad-bom.pcapng": (.badMagic, 8),
        "pcapng-bad-length.pcapng": (.badBlockLength, 0),
        "pcapng-unknown-interface.pcapng": (.unknownInterface, 28),
        "pcapng-spb-first.pcapng": (.unknownInterface, 28),
        "garbage-frames.pcap": (nil, 0),
    ]

    @Test func corpusIsComplete() {
        #expect(Set(Fixtures.files("nasty")) == Set(Self.expected.keys))
    }

    @Test(arguments: Fixtures.files("nasty"))
    func malformedCapture(name: String) throws {
        let (_, _, error) = Fixtures.aggregate(try Fixtures.bytes("nasty", name))
        let (code, offset) = try #require(Self.expected[name])
        #expect(error?.code == code, "\(name): \(String(describing: error))")
        if code != nil { #expect(error?.offset == offset, "\(name)") }
    }

    /// Every prefix of a real capture either reads or fails with a typed error.
    @Test func everyPrefixOfACaptureIsHandled() throws {
        let bytes = try Fixtures.bytes("synthetic", "two-interfaces.pcapng")
        for length in 0..<bytes.count {
            let (aggregator, _, error) = Fixtures.aggregate(Array(bytes[0..<length]))
            #expect(error != nil || length == 0 || aggregator.packets <= 7)
        }
    }
}
