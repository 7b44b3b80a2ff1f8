import ModbusDPI
import NIOCore
import Testing

@Suite struct RequestValidationTests {
    @Test(arguments: CorpusEntry.load("request-corpus.txt"))
    func requestCorpus(_ entry: CorpusEntry) {
        do {
            _ = try ModbusRequest(pdu: entry.bytes)
            #expect(entry.expected == "ok", "\(entry.name) was accepted")
        } catch let error as ModbusError {
            #expect(error.code.description == entry.expected, "\(entry.name): \(error)")
        } catch {
            Issue.record("\(entry.name): \(error)")
        }
    }

    @Test func writeMultipleCoilsUnpacksValues() throws {
        let request = try ModbusRequest(pdu: ByteBuffer(hex: "0f 0013 000a 02 cd01"))
        #expect(request.written == ModbusSpan(table: .coils, start: 19, count: 10))
        #expect(request.values == [1, 0, 1, 1, 0, 0, 1, 1, 1, 0])
    }

    @Test func readWriteHasBothSpans() throws {
        let request = try ModbusRequest(pdu: ByteBuffer(hex: "17 0003 0006 000e 0003 06 00ff00ff00ff"))
        #expect(request.read == ModbusSpan(table: .holdingRegisters, start: 3, count: 6))
        #expect(request.written == ModbusSpan(table: .holdingRegisters, start: 14, count: 3))
        #expect(request.values == [0xFF, 0xFF, 0xFF])
    }

    @Test func responseChecks() throws {
        let read = ByteBuffer(hex: "03 0000 0002")
        let request = try ModbusRequest(pdu: read)
        try request.validate(response: ByteBuffer(hex: "03 04 00010002"), request: read)
        try request.validate(response: ByteBuffer(hex: "83 02"), request: read)
        #expect(throws: ModbusError.responseMismatch()) {
            try request.validate(response: ByteBuffer(hex: "03 02 0001"), request: read)
        }
        #expect(throws: ModbusError.responseMismatch()) {
            try request.validate(response: ByteBuffer(hex: "04 04 00010002"), request: read)
        }
        let write = ByteBuffer(hex: "06 0001 0003")
        let writeRequest = try ModbusRequest(pdu: write)
        try writeRequest.validate(response: write, request: write)
        #expect(throws: ModbusError.responseMismatch()) {
            try writeRequest.validate(response: ByteBuffer(hex: "06 0001 0004"), request: write)
        }
        let coils = ByteBuffer(hex: "01 0000 0009")
        try ModbusRequest(pdu: coils).validate(response: ByteBuffer(hex: "01 02 ff01"), request: coils)
    }
}
