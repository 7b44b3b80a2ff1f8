import Foundation
import NIOCore

extension ByteBuffer {
    /// Bytes from hex text; spaces are ignored and `${N}` stands for N zero bytes.
    init(hex text: String) {
        var expanded = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            expanded += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            let close = after.firstIndex(of: "}")!
            expanded += String(repeating: "00", count: Int(after[..<close])!)
            rest = after[after.index(after: close)...]
        }
        expanded += rest
        let digits = expanded.filter { !$0.isWhitespace }
        precondition(digits.count % 2 == 0, "odd hex: \(text)")
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes: bytes)
    }

    var hex: String { readableBytesView.map { String(format: "%02x", $0) }.joined() }
}

/// Lines of a `NAME | EXPECTED | HEX` fixture.
struct CorpusEntry: CustomStringConvertible, Sendable {
    let name: String
    let expected: String
    let hex: String

    var bytes: ByteBuffer { ByteBuffer(hex: hex) }
    var description: String { name }

    static func load(_ file: String) -> [CorpusEntry] {
        let url = Bundle.module.url(forResource: "Fixtures/\(file)", withExtension: nil)!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            let fields = line.split(separator: "|", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            return CorpusEntry(name: fields[0], expected: fields[1], hex: fields[2])
        }
    }
}
