import Foundation
import Testing

@testable import ZoneCore

/// The byte-level readers and writers the loader and generators use must give exactly what the general
/// Foundation or interpolation based forms give.
@Suite struct TextFastPathTests {
    @Test func dottedQuadsMatchTheirInterpolatedForm() {
        let octets: [UInt32] = [0, 1, 9, 10, 11, 99, 100, 101, 199, 200, 249, 250, 255]
        for a in octets {
            for b in octets {
                let value = a << 24 | b << 16 | (a ^ b) << 8 | b
                let expected = "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
                #expect(IPAddress(v4: value).description == expected)
            }
        }
    }

    @Test func portRangesReadTheSameWithOrWithoutTheShortcut() {
        let accepted: [(String, PortRange)] = [
            ("502", PortRange(502)), ("1", PortRange(1)), ("65535", PortRange(65535)), ("0502", PortRange(502)),
            ("1024-2047", PortRange(lower: 1024, upper: 2047)), ("7-7", PortRange(7)), (" 502", PortRange(502)),
            ("502 ", PortRange(502)), ("1 - 2", PortRange(lower: 1, upper: 2)), ("+502", PortRange(502)),
            ("000000502", PortRange(502)),
        ]
        for (text, range) in accepted { #expect(PortRange(text) == range, "\(text)") }
        for text in ["", "0", "65536", "99999", "2-1", "-1", "1-", "1--2", "1-2-3", "a", "5a", "0-5"] {
            #expect(PortRange(text) == nil, "\(text)")
        }
    }

    @Test func serviceNamesNormalizeAsTheCharacterSetFilterDoes() {
        let names = ["Modbus/TCP", "modbus tcp", "OPC-UA", "S7comm_plus", "DNP3.0", "EtherNet/IP", "Ünïcode Proto", "Ⅻ-feed", ""]
        for name in names {
            let reference = String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
            #expect(ServiceCatalog.normalize(name) == reference, "\(name)")
        }
    }

    @Test func trimmingMatchesFoundationsWhitespaceSet() {
        let texts = ["a", " a", "a ", "\ta\t", "a b", "\u{00A0}a", "a\u{2003}", "", " ", "\u{7F}a", "a\u{1}", "Z3 -> Z2"]
        for text in texts {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    @Test func directionsReadArrowsAndQualifiersAtAnyPosition() throws {
        let unicode = try #require(DirectionText("Z3 → Z2 (read only, FC 3/4)"))
        #expect(unicode.from == "Z3" && unicode.to == "Z2" && unicode.readOnly && unicode.functionCodes == [3, 4])
        let reverse = try #require(DirectionText("Z2 <- Z3 one-way"))
        #expect(reverse.from == "Z3" && reverse.to == "Z2" && reverse.unidirectional)
        let both = try #require(DirectionText("Zé1 <=> Z2  nightly backup"))
        #expect(both.from == "Zé1" && both.to == "Z2" && both.bidirectional && both.notes == ["nightly backup"])
        #expect(DirectionText("Z3 Z2") == nil)
        #expect(DirectionText("-> Z2") == nil)
        #expect(DirectionText("Z3 ->") == nil)
    }
}
