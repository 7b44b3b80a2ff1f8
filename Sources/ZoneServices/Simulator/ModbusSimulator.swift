import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A fast Modbus/TCP server with coils, discrete inputs, holding and input registers per unit id.
///
/// It answers FC 1–6, 15, 16, 22 and 23; other functions get exception 01 and unknown units exception 0B.
/// Every request it receives is passed to `observe`, so tests can see exactly what reached the server.
public final class ModbusSimulator: Sendable {
    private let memory: NIOLockedValueBox<[UInt8: SimulatedUnit]>
    private let observe: @Sendable (ModbusFrame) -> Void
    private let group: any EventLoopGroup
    private let channel = NIOLockedChannels()

    public init(units: [UInt8], group: any EventLoopGroup, observe: @escaping @Sendable (ModbusFrame) -> Void = { _ in }) {
        memory = NIOLockedValueBox(Dictionary(uniqueKeysWithValues: units.map { ($0, SimulatedUnit()) }))
        self.observe = observe
        self.group = group
    }

    public func start(host: String, port: Int) async throws -> SocketAddress {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1024)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(ModbusFrameDecoder()), SimulatorHandler(simulator: self))
                }
            }
            .bind(host: host, port: port).get()
        channel.append(server)
        return server.localAddress!
    }

    public func stop() async {
        for server in channel.all { try? await server.close() }
    }

    /// The holding register value of a unit, for tests.
    public func holdingRegister(unit: UInt8, address: UInt16) -> UInt16? {
        memory.withLockedValue { $0[unit]?.holdingRegisters[Int(address)] }
    }

    /// The answer PDU for a request frame.
    func respond(to frame: ModbusFrame) -> ByteBuffer {
        observe(frame)
        let code = frame.functionCode
        let request: ModbusRequest
        do {
            request = try ModbusRequest(pdu: frame.pdu)
        } catch let error as ModbusError {
            return Self.exception(code, error.exceptionCode)
        } catch {
            return Self.exception(code, .serverDeviceFailure)
        }
        return memory.withLockedValue { memory in
            guard memory[frame.unitID] != nil else { return Self.exception(code, .gatewayTargetFailed) }
            return Self.answer(request, frame: frame, unit: &memory[frame.unitID]!)
        }
    }

    private static func answer(_ request: ModbusRequest, frame: ModbusFrame, unit: inout SimulatedUnit) -> ByteBuffer {
        let code = request.functionCode
        var pdu = ByteBuffer()
        switch code {
        case 1, 2:
            let bits = unit.bits(request.read!)
            pdu.writeMultipleIntegers(code, UInt8((bits.count + 7) / 8))
            var byte: UInt8 = 0
            for (index, bit) in bits.enumerated() {
                if bit { byte |= 1 << UInt8(index % 8) }
                if index % 8 == 7 || index == bits.count - 1 {
                    pdu.writeInteger(byte)
                    byte = 0
                }
            }
        case 3, 4, 23:
            if let written = request.written, let values = request.values { unit.write(written, values: values) }
            let registers = unit.registers(request.read!)
            pdu.writeMultipleIntegers(code, UInt8(registers.count * 2))
            for register in registers { pdu.writeInteger(register) }
        case 5, 6, 15, 16:
            unit.write(request.written!, values: request.values!)
            var echo = frame.pdu
            pdu.writeBuffer(&echo)
            if code == 15 || code == 16 { pdu.moveWriterIndex(to: 5) }
        case 22:
            var fields = frame.pdu
            fields.moveReaderIndex(forwardBy: 1)
            let (address, andMask, orMask) = fields.readMultipleIntegers(as: (UInt16, UInt16, UInt16).self)!
            let current = unit.holdingRegisters[Int(address)]
            unit.holdingRegisters[Int(address)] = (current & andMask) | (orMask & ~andMask)
            var echo = frame.pdu
            pdu.writeBuffer(&echo)
        default:
            return exception(code, .illegalFunction)
        }
        return pdu
    }

    private static func exception(_ code: UInt8, _ exception: ModbusExceptionCode) -> ByteBuffer {
        var pdu = ByteBuffer()
        pdu.writeMultipleIntegers(code | 0x80, exception.rawValue)
        return pdu
    }
}

final class SimulatorHandler: ChannelInboundHandler {
    typealias InboundIn = ModbusFrame
    typealias OutboundOut = ByteBuffer

    private let simulator: ModbusSimulator

    init(simulator: ModbusSimulator) { self.simulator = simulator }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let answer = ModbusFrame(transactionID: frame.transactionID, unitID: frame.unitID,
                                 pdu: simulator.respond(to: frame))
        var buffer = context.channel.allocator.buffer(capacity: ModbusFrame.headerLength + answer.pdu.readableBytes)
        buffer.writeModbusFrame(answer)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}
