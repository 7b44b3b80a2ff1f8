import ModbusDPI
import NIOCore
import NIOPosix

/// A raw Modbus/TCP client for tests: sends frames and awaits answers in order.
final class TestModbusClient: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<ResponseCollector>

    init(port: Int) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(ModbusFrameDecoder()), ResponseCollector())
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        self.channel = channel
        handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ResponseCollector.self), eventLoop: channel.eventLoop)
        }.get()
    }

    /// Sends one request and returns the answer's PDU as hex.
    func request(_ frame: ModbusFrame) async throws -> String {
        let handler = handler
        let channel = channel
        let answer = try await channel.eventLoop.flatSubmit {
            let promise = channel.eventLoop.makePromise(of: ModbusFrame.self)
            guard channel.isActive else {
                promise.fail(ChannelError.ioOnClosedChannel)
                return promise.futureResult
            }
            handler.value.waiting.append(promise)
            var buffer = channel.allocator.buffer(capacity: 16)
            buffer.writeModbusFrame(frame)
            channel.writeAndFlush(buffer).whenFailure { error in
                let waiting = handler.value.waiting
                if let index = waiting.firstIndex(where: { $0.futureResult === promise.futureResult }) {
                    handler.value.waiting.remove(at: index).fail(error)
                }
            }
            return promise.futureResult
        }.get()
        return answer.pdu.readableBytesView.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    func close() async { try? await channel.close() }
}

final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ModbusFrame
    var waiting: [EventLoopPromise<ModbusFrame>] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !waiting.isEmpty else { return }
        waiting.removeFirst().succeed(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        waiting.forEach { $0.fail(ChannelError.ioOnClosedChannel) }
        waiting.removeAll()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

extension ModbusFrame {
    init(_ transactionID: UInt16, unit: UInt8 = 1, hex: String) {
        var bytes: [UInt8] = []
        let digits = hex.filter { !$0.isWhitespace }
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16)!)
            index = next
        }
        self.init(transactionID: transactionID, unitID: unit, pdu: ByteBuffer(bytes: bytes))
    }
}
