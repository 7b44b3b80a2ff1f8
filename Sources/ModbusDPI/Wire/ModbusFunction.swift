/// Function codes by number and the classes a policy reasons about (spec §5.1, Annex A).
public enum ModbusFunction {
    public static let readCoils: UInt8 = 1
    public static let readDiscreteInputs: UInt8 = 2
    public static let readHoldingRegisters: UInt8 = 3
    public static let readInputRegisters: UInt8 = 4
    public static let writeSingleCoil: UInt8 = 5
    public static let writeSingleRegister: UInt8 = 6
    public static let readExceptionStatus: UInt8 = 7
    public static let diagnostics: UInt8 = 8
    public static let getCommEventCounter: UInt8 = 11
    public static let getCommEventLog: UInt8 = 12
    public static let writeMultipleCoils: UInt8 = 15
    public static let writeMultipleRegisters: UInt8 = 16
    public static let reportServerID: UInt8 = 17
    public static let readFileRecord: UInt8 = 20
    public static let writeFileRecord: UInt8 = 21
    public static let maskWriteRegister: UInt8 = 22
    public static let readWriteMultipleRegisters: UInt8 = 23
    public static let readFIFOQueue: UInt8 = 24
    public static let encapsulatedInterface: UInt8 = 43

    /// Codes that reveal or reprogram a device: a policy allows them only when a rule names them.
    public static func isReconnaissanceOrProgramming(_ code: UInt8) -> Bool {
        switch code {
        case 8, 17, 43, 90, 125, 126: true
        case 65...72, 100...110: true
        default: isReserved(code)
        }
    }

    /// Reserved codes (Snort 144:3 list, plus 40 "program concept").
    public static func isReserved(_ code: UInt8) -> Bool {
        [9, 10, 13, 14, 40, 41, 42, 90, 91, 125, 126, 127].contains(code)
    }

    /// Short names for audit events.
    public static func name(_ code: UInt8) -> String {
        switch code {
        case 1: "read-coils"
        case 2: "read-discrete-inputs"
        case 3: "read-holding-registers"
        case 4: "read-input-registers"
        case 5: "write-single-coil"
        case 6: "write-single-register"
        case 7: "read-exception-status"
        case 8: "diagnostics"
        case 11: "get-comm-event-counter"
        case 12: "get-comm-event-log"
        case 15: "write-multiple-coils"
        case 16: "write-multiple-registers"
        case 17: "report-server-id"
        case 20: "read-file-record"
        case 21: "write-file-record"
        case 22: "mask-write-register"
        case 23: "read-write-multiple-registers"
        case 24: "read-fifo-queue"
        case 43: "encapsulated-interface"
        case 65...72, 100...110: "user-defined"
        case 128...255: "exception"
        default: isReserved(code) ? "reserved" : "unassigned"
        }
    }
}

/// The four Modbus data tables.
public enum ModbusTable: String, Hashable, Sendable, CaseIterable, Codable {
    case coils
    case discreteInputs = "discrete-inputs"
    case holdingRegisters = "holding-registers"
    case inputRegisters = "input-registers"
}

/// A run of addresses in one table: `start ..< start + count`, with start + count ≤ 65536.
public struct ModbusSpan: Hashable, Sendable, CustomStringConvertible {
    public var table: ModbusTable
    public var start: UInt16
    public var count: Int

    public init(table: ModbusTable, start: UInt16, count: Int) {
        self.table = table
        self.start = start
        self.count = count
    }

    public var last: Int { Int(start) + count - 1 }
    public var description: String { "\(table.rawValue):\(start)-\(last)" }
}
