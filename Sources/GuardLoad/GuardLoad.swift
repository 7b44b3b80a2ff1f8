import ArgumentParser
import Foundation
import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Keeps connections busy with FC 3 reads (closed loop, one request outstanding per connection) and
/// prints one JSON line with latency percentiles and throughput; or holds idle connections open.
@main
struct GuardLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Modbus/TCP load generator for bench/guard-latency.")

    @Option(help: "Server or guard, HOST:PORT.")
    var target: String

    @Option(help: "Connections kept busy at once.")
    var connections = 1

    @Option(help: "Seconds to measure, after one second of warm-up.")
    var seconds = 5.0

    @Option(help: "Open this many idle connections, print 'ready', hold them until stdin closes.")
    var idle: Int?

    func run() async throws {
        let parts = target.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw ValidationError("--target must be HOST:PORT") }
        let host = String(parts[0])
        let group = MultiThreadedEventLoopGroup.singleton
        if let idle {
            var channels: [any Channel] = []
            for _ in 0..<idle {
                channels.append(try await ClientBootstrap(group: group).connect(host: host, port: port).get())
            }
            FileHandle.standardOutput.write(Data("ready \(channels.count)\n".utf8))
            _ = readLine()
            for channel in channels { try? await channel.close() }
            return
        }
        let recorder = LatencyRecorder()
        var channels: [any Channel] = []
        for _ in 0..<connections {
            channels.append(try await ClientBootstrap(group: group)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(ModbusFrameDecoder()), ClosedLoopReader(recorder: recorder))
                    }
                }
                .connect(host: host, port: port).get())
        }
        try await Task.sleep(for: .seconds(1))
        recorder.start()
        try await Task.sleep(for: .seconds(seconds))
        let samples = recorder.stop()
        for channel in channels { try? await channel.close() }
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
        }
        print(#"{"connections":\#(connections),"requests":\#(sorted.count),"p50_us":\#(percentile(0.5)),"p99_us":\#(percentile(0.99)),"rps":\#(Double(sorted.count) / seconds)}"#)
    }
}

/// Latencies in nanoseconds, kept only while measuring.
final class LatencyRecorder: Sendable {
    private let state = NIOLockedValueBox<(measuring: Bool, samples: [UInt64])>((false, []))

    func start() { state.withLockedValue { $0 = (true, []) } }

    func stop() -> [UInt64] {
        state.withLockedValue { state in
            state.measuring = false
            return state.samples
        }
    }

    func record(_ batch: [UInt64]) {
        state.withLockedValue { state in if state.measuring { state.samples += batch } }
    }
}

/// Sends a read of 10 holding registers, waits for its answer, sends the next.
final class ClosedLoopReader: ChannelInboundHandler {
    typealias InboundIn = ModbusFrame
    typealias OutboundOut = ByteBuffer

    private let recorder: LatencyRecorder
    private var sent: UInt64 = 0
    private var transaction: UInt16 = 0
    private var batch: [UInt64] = []

    init(recorder: LatencyRecorder) { self.recorder = recorder }

    func channelActive(context: ChannelHandlerContext) {
        send(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        batch.append(DispatchTime.now().uptimeNanoseconds - sent)
        if batch.count == 256 {
            recorder.record(batch)
            batch.removeAll(keepingCapacity: true)
        }
        send(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        recorder.record(batch)
        context.fireChannelInactive()
    }

    private func send(_ context: ChannelHandlerContext) {
        transaction &+= 1
        var pdu = context.channel.allocator.buffer(capacity: 5)
        pdu.writeMultipleIntegers(UInt8(3), UInt16(0), UInt16(10))
        var buffer = context.channel.allocator.buffer(capacity: 12)
        buffer.writeModbusFrame(ModbusFrame(transactionID: transaction, unitID: 1, pdu: pdu))
        sent = DispatchTime.now().uptimeNanoseconds
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }
}
