import DataDiode
import Foundation
import NIOCore

/// A UDP relay that passes datagrams from `listen` to `target` through a ``LinkImpairment``: a bad
/// link on loopback, for testing the agents end to end.
package final class ImpairmentRelay: @unchecked Sendable {
    private let socket: UDPSocket
    private let output: UDPSocket
    private let target: SocketEndpoint
    private let lock = NSLock()
    private var impairment: LinkImpairment
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    package init(listen: SocketEndpoint, target: SocketEndpoint, impairment: LinkImpairment) throws(DiodeError) {
        socket = try UDPSocket.bound(to: listen)
        socket.setReceiveBuffer(64 << 20)
        socket.setReceiveTimeout(.milliseconds(50))
        output = try UDPSocket(family: target.family)
        output.setSendBuffer(8 << 20)
        self.target = target
        self.impairment = impairment
    }

    package var port: UInt16 { socket.localPort }

    package var counters: LinkImpairment.Counters { lock.withLock { impairment.counters } }

    package func start() {
        Thread.detachNewThread { [self] in
            var scratch = [UInt8]()
            while !lock.withLock({ stopped }) {
                guard let datagram = socket.receive(scratch: &scratch) else {
                    for held in lock.withLock({ impairment.flush() }) { output.send(held, to: target) }
                    continue
                }
                for passed in lock.withLock({ impairment.process(datagram) }) { output.send(passed, to: target) }
            }
            finished.signal()
        }
    }

    package func stop() {
        lock.withLock { stopped = true }
        finished.wait()
    }
}
