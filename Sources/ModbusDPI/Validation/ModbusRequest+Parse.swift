import NIOCore

extension ModbusRequest {
    /// The spec's quantity limits (libmodbus `MODBUS_MAX_*`).
    public enum Limits {
        public static let readBits = 1...2000
        public static let readRegisters = 1...125
        public static let writeBits = 1...1968
        public static let writeRegisters = 1...123
        public static let readWriteWriteRegisters = 1...121
    }

    /// Checks a request PDU against its function's exact layout and limits.
    ///
    /// - Throws: ``ModbusError`` for a length, quantity, address, value or byte-count violation.
    public init(pdu: ByteBuffer) throws {
        var body = pdu
        guard let code = body.readInteger(as: UInt8.self) else { throw ModbusError.pduLength("empty PDU") }
        switch code {
        case 1, 2:
            let span = try Self.readSpan(&body, table: code == 1 ? .coils : .discreteInputs, limit: Limits.readBits)
            self.init(functionCode: code, read: span)
        case 3, 4:
            let table: ModbusTable = code == 3 ? .holdingRegisters : .inputRegisters
            self.init(functionCode: code, read: try Self.readSpan(&body, table: table, limit: Limits.readRegisters))
        case 5:
            let (address, value) = try Self.words(&body, code)
            guard value == 0x0000 || value == 0xFF00 else { throw ModbusError.invalidValue("coil value \(value)") }
            self.init(functionCode: code, written: ModbusSpan(table: .coils, start: address, count: 1),
                      values: [value == 0 ? 0 : 1])
        case 6:
            let (address, value) = try Self.words(&body, code)
            self.init(functionCode: code, written: ModbusSpan(table: .holdingRegisters, start: address, count: 1),
                      values: [value])
        case 7, 11, 12, 17:
            try Self.expectEnd(body, code)
            self.init(functionCode: code)
        case 8:
            let (subfunction, data) = try Self.words(&body, code)
            if subfunction == 0x01 && data != 0 && data != 0xFF00 {
                throw ModbusError.invalidValue("restart-communications data \(data)")
            }
            self.init(functionCode: code, subfunction: subfunction)
        case 15:
            self = try Self.writeMultipleCoils(&body)
        case 16:
            self = try Self.writeMultipleRegisters(&body)
        case 20, 21:
            try Self.fileRecord(&body, write: code == 21)
            self.init(functionCode: code)
        case 22:
            try Self.requireLength(body, 6, code)
            let address = body.readInteger(as: UInt16.self)!
            self.init(functionCode: code, written: ModbusSpan(table: .holdingRegisters, start: address, count: 1))
        case 23:
            self = try Self.readWriteMultipleRegisters(&body)
        case 24:
            let address = try Self.word(&body, code)
            self.init(functionCode: code, read: ModbusSpan(table: .holdingRegisters, start: address, count: 1))
        case 43:
            self = try Self.encapsulated(&body)
        case 128...255:
            throw ModbusError.exceptionFunctionCode(code)
        default:
            self.init(functionCode: code, opaque: true)
        }
    }

    private static func expectEnd(_ body: ByteBuffer, _ code: UInt8) throws {
        guard body.readableBytes == 0 else {
            throw ModbusError.pduLength("function \(code): \(body.readableBytes) unexpected bytes")
        }
    }

    private static func requireLength(_ body: ByteBuffer, _ size: Int, _ code: UInt8) throws {
        guard body.readableBytes == size else {
            throw ModbusError.pduLength("function \(code): \(body.readableBytes) data bytes, expected \(size)")
        }
    }

    private static func word(_ body: inout ByteBuffer, _ code: UInt8) throws -> UInt16 {
        try requireLength(body, 2, code)
        return body.readInteger(as: UInt16.self)!
    }

    private static func words(_ body: inout ByteBuffer, _ code: UInt8) throws -> (UInt16, UInt16) {
        try requireLength(body, 4, code)
        return body.readMultipleIntegers(as: (UInt16, UInt16).self)!
    }

    private static func span(_ table: ModbusTable, _ start: UInt16, _ quantity: UInt16, _ limit: ClosedRange<Int>)
        throws -> ModbusSpan
    {
        guard limit.contains(Int(quantity)) else {
            throw ModbusError.quantityOutOfRange("quantity \(quantity) outside \(limit.lowerBound)...\(limit.upperBound)")
        }
        guard Int(start) + Int(quantity) <= 0x10000 else {
            throw ModbusError.addressOverflow("start \(start) + quantity \(quantity) passes 65536")
        }
        return ModbusSpan(table: table, start: start, count: Int(quantity))
    }

    private static func readSpan(_ body: inout ByteBuffer, table: ModbusTable, limit: ClosedRange<Int>) throws -> ModbusSpan {
        let (start, quantity) = try words(&body, table == .coils || table == .discreteInputs ? 1 : 3)
        return try span(table, start, quantity, limit)
    }

    /// Reads a byte count and exactly that many remaining bytes.
    private static func counted(_ body: inout ByteBuffer, expected: Int) throws -> ByteBuffer {
        guard let count = body.readInteger(as: UInt8.self) else { throw ModbusError.pduLength("missing byte count") }
        guard Int(count) == expected else {
            throw ModbusError.byteCountMismatch("byte count \(count), quantity needs \(expected)")
        }
        guard body.readableBytes == Int(count), let data = body.readSlice(length: Int(count)) else {
            throw ModbusError.pduLength("byte count \(count) but \(body.readableBytes) data bytes")
        }
        return data
    }

    private static func header(_ body: inout ByteBuffer) throws -> (UInt16, UInt16) {
        guard let header = body.readMultipleIntegers(as: (UInt16, UInt16).self) else {
            throw ModbusError.pduLength("short header")
        }
        return header
    }

    private static func registers(_ data: inout ByteBuffer) -> [UInt16] {
        var values: [UInt16] = []
        values.reserveCapacity(data.readableBytes / 2)
        while let value = data.readInteger(as: UInt16.self) { values.append(value) }
        return values
    }

    private static func writeMultipleCoils(_ body: inout ByteBuffer) throws -> ModbusRequest {
        let (start, quantity) = try header(&body)
        let span = try span(.coils, start, quantity, Limits.writeBits)
        let data = try counted(&body, expected: (span.count + 7) / 8)
        let bytes = data.readableBytesView
        let values = (0..<span.count).map { index -> UInt16 in
            UInt16((bytes[bytes.startIndex + index / 8] >> UInt8(index % 8)) & 1)
        }
        return ModbusRequest(functionCode: 15, written: span, values: values)
    }

    private static func writeMultipleRegisters(_ body: inout ByteBuffer) throws -> ModbusRequest {
        let (start, quantity) = try header(&body)
        let span = try span(.holdingRegisters, start, quantity, Limits.writeRegisters)
        var data = try counted(&body, expected: span.count * 2)
        return ModbusRequest(functionCode: 16, written: span, values: registers(&data))
    }

    private static func readWriteMultipleRegisters(_ body: inout ByteBuffer) throws -> ModbusRequest {
        let (readStart, readQuantity) = try header(&body)
        let read = try span(.holdingRegisters, readStart, readQuantity, Limits.readRegisters)
        let (writeStart, writeQuantity) = try header(&body)
        let written = try span(.holdingRegisters, writeStart, writeQuantity, Limits.readWriteWriteRegisters)
        var data = try counted(&body, expected: written.count * 2)
        return ModbusRequest(functionCode: 23, read: read, written: written, values: registers(&data))
    }

    /// FC 20/21: sub-requests of reference type 6, file 1...0xFFFF, record 0...9999 (Zeek's checks).
    private static func fileRecord(_ body: inout ByteBuffer, write: Bool) throws {
        guard let count = body.readInteger(as: UInt8.self), Int(count) == body.readableBytes else {
            throw ModbusError.byteCountMismatch("file record byte count disagrees with the PDU")
        }
        guard (7...0xF5).contains(count) else { throw ModbusError.byteCountMismatch("file record byte count \(count)") }
        while body.readableBytes > 0 {
            guard let (reference, file, record, length) = body.readMultipleIntegers(as: (UInt8, UInt16, UInt16, UInt16).self)
            else { throw ModbusError.pduLength("short file sub-request") }
            guard reference == 6, file > 0, record <= 9999 else {
                throw ModbusError.invalidValue("file sub-request reference \(reference) file \(file) record \(record)")
            }
            if write {
                guard body.readableBytes >= Int(length) * 2 else {
                    throw ModbusError.pduLength("file record data overruns the PDU")
                }
                body.moveReaderIndex(forwardBy: Int(length) * 2)
            }
        }
    }

    /// FC 43: MEI 14 (read device identification) has a fixed layout; other MEI types are only named.
    private static func encapsulated(_ body: inout ByteBuffer) throws -> ModbusRequest {
        guard let mei = body.readInteger(as: UInt8.self) else { throw ModbusError.pduLength("missing MEI type") }
        if mei == 0x0E {
            try requireLength(body, 2, 43)
            let readCode = body.readInteger(as: UInt8.self)!
            guard (1...4).contains(readCode) else { throw ModbusError.invalidValue("read device id code \(readCode)") }
        }
        return ModbusRequest(functionCode: 43, meiType: mei)
    }
}
