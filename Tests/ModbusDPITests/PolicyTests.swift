import Foundation
import ModbusDPI
import NIOCore
import Testing

@Suite struct PolicyTests {
    static let client = IPPrefix("10.30.1.5")!
    static let plc = IPPrefix("10.20.1.10")!

    static let policy = ModbusPolicy(rules: [
        ModbusRule(
            id: "ops", sources: [IPPrefix("10.30.0.0/16")!], destinations: [IPPrefix("10.20.1.0/24")!],
            units: [1...2],
            functions: [
                ModbusFunctionRule(code: 3, addresses: [0...99]),
                ModbusFunctionRule(code: 6, addresses: [100...110], values: [0...800]),
                ModbusFunctionRule(code: 8, subfunctions: [0]),
                ModbusFunctionRule(code: 43, meiTypes: [14]),
            ]),
        ModbusRule(id: "ews", sources: [IPPrefix("10.20.9.9")!], functions: [ModbusFunctionRule(code: 16)],
                   action: .drop, mode: .monitor),
    ])

    static func verdict(_ pdu: String, unit: UInt8 = 1, source: IPPrefix = client, destination: IPPrefix = plc,
                        policy: ModbusPolicy = policy) throws -> ModbusVerdict {
        policy.evaluate(try ModbusRequest(pdu: ByteBuffer(hex: pdu)), unit: unit, source: source, destination: destination)
    }

    @Test func allowsWhatARuleCovers() throws {
        #expect(try Self.verdict("03 0000 000a").allowed)
        #expect(try Self.verdict("06 0064 0320").allowed)
        #expect(try Self.verdict("08 0000 1234").allowed)
        #expect(try Self.verdict("2b 0e 01 00").allowed)
        #expect(try Self.verdict("03 0000 000a").ruleID == "ops")
    }

    @Test func exceptionCodeFollowsTheCause() throws {
        let cases: [(String, UInt8, ModbusDenyCause, ModbusExceptionCode)] = [
            ("03 0000 000a", 3, .unit, .gatewayPathUnavailable),
            ("04 0000 000a", 1, .function, .illegalFunction),
            ("03 005a 000b", 1, .address, .illegalDataAddress),
            ("06 0064 0321", 1, .value, .illegalDataValue),
            ("08 0004 0000", 1, .function, .illegalFunction),
            ("2b 0d 00", 1, .function, .illegalFunction),
        ]
        for (pdu, unit, cause, code) in cases {
            let verdict = try Self.verdict(pdu, unit: unit)
            #expect(!verdict.allowed && verdict.cause == cause && verdict.exceptionCode == code, "\(pdu)")
            #expect(verdict.ruleID == "ops")
        }
    }

    @Test func defaultDenyForUnknownPaths() throws {
        let verdict = try Self.verdict("03 0000 000a", source: IPPrefix("192.0.2.1")!)
        #expect(!verdict.allowed && verdict.ruleID == ModbusPolicy.defaultRuleID)
        #expect(verdict.exceptionCode == .gatewayPathUnavailable)
        let wrongServer = try Self.verdict("03 0000 000a", destination: IPPrefix("10.20.2.1")!)
        #expect(wrongServer.ruleID == ModbusPolicy.defaultRuleID)
        #expect(!(try Self.verdict("03 0000 0001", policy: ModbusPolicy(rules: []))).allowed)
    }

    @Test(arguments: [UInt8](arrayLiteral: 8, 17, 43, 90, 125, 126, 65, 72, 100, 110, 9, 41))
    func reconnaissanceAndProgrammingNeedANamingRule(_ code: UInt8) throws {
        #expect(ModbusFunction.isReconnaissanceOrProgramming(code))
        let open = ModbusPolicy(rules: [ModbusRule(
            id: "reads", functions: [1, 2, 3, 4, 5, 6, 15, 16].map { ModbusFunctionRule(code: $0) })])
        let pdu: String = switch code {
        case 8: "08 0004 0000"
        case 17: "11"
        case 43: "2b 0e 01 00"
        default: String(format: "%02x 00", code)
        }
        #expect(!(try Self.verdict(pdu, policy: open)).allowed)
        var named = open
        named.rules[0].functions.append(ModbusFunctionRule(code: code))
        #expect(try Self.verdict(pdu, policy: named).allowed)
    }

    @Test func ruleActionAndModeComeFromTheClosestRule() throws {
        let verdict = try Self.verdict("10 0000 0001 02 0001", source: IPPrefix("10.20.9.9")!, destination: Self.plc)
        #expect(verdict.allowed)
        let denied = try Self.verdict("06 0000 0001", source: IPPrefix("10.20.9.9")!)
        #expect(!denied.allowed && denied.ruleID == "ews" && denied.action == .drop && denied.mode == .monitor)
        #expect(denied.forwards)
    }

    @Test func namedExceptionOverridesTheCause() throws {
        let policy = ModbusPolicy(rules: [ModbusRule(
            id: "r", functions: [ModbusFunctionRule(code: 3)], action: .exception(.serverDeviceBusy))])
        #expect(try Self.verdict("06 0000 0001", policy: policy).exceptionCode == .serverDeviceBusy)
    }

    @Test func prefixes() {
        #expect(IPPrefix("10.20.0.0/16")!.contains(IPPrefix("10.20.255.1")!))
        #expect(!IPPrefix("10.20.0.0/16")!.contains(IPPrefix("10.21.0.1")!))
        #expect(IPPrefix("fd00::/8")!.contains(IPPrefix("fd12:3456::1")!))
        #expect(!IPPrefix("fd00::/8")!.contains(IPPrefix("10.0.0.1")!))
        #expect(IPPrefix("::ffff:10.0.0.1") != nil)
        #expect(IPPrefix("10.0.0.256") == nil)
        #expect(IPPrefix("1::2::3") == nil)
        #expect(IPPrefix("10.0.0.0/33") == nil)
        #expect(IPPrefix("0.0.0.0/0")!.contains(IPPrefix("198.18.0.1")!))
        #expect(IPPrefix("10.1.2.3/8")!.description == "10.0.0.0/8")
    }
}
