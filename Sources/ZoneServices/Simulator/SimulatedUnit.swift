import ModbusDPI

/// The four data tables of one simulated unit, 65,536 entries each.
///
/// Start values are predictable so that tests can check what they read: register `n` holds `n`
/// (input registers `n ^ 0xFFFF`), coil and discrete input `n` are set when `n` is odd.
struct SimulatedUnit {
    var coils: [Bool]
    var discreteInputs: [Bool]
    var holdingRegisters: [UInt16]
    var inputRegisters: [UInt16]

    init() {
        coils = (0..<65536).map { $0 % 2 == 1 }
        discreteInputs = coils
        holdingRegisters = (0..<65536).map { UInt16($0) }
        inputRegisters = holdingRegisters.map { $0 ^ 0xFFFF }
    }

    func bits(_ span: ModbusSpan) -> ArraySlice<Bool> {
        let table = span.table == .coils ? coils : discreteInputs
        return table[Int(span.start)...span.last]
    }

    func registers(_ span: ModbusSpan) -> ArraySlice<UInt16> {
        let table = span.table == .inputRegisters ? inputRegisters : holdingRegisters
        return table[Int(span.start)...span.last]
    }

    mutating func write(_ span: ModbusSpan, values: [UInt16]) {
        for (offset, value) in values.enumerated() {
            let address = Int(span.start) + offset
            if span.table == .coils { coils[address] = value != 0 } else { holdingRegisters[address] = value }
        }
    }
}
