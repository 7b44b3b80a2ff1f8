import NIOConcurrencyHelpers
import NIOCore

/// Listening channels of a server, kept for shutdown.
final class NIOLockedChannels: Sendable {
    private let box = NIOLockedValueBox<[any Channel]>([])

    func append(_ channel: any Channel) { box.withLockedValue { $0.append(channel) } }
    var all: [any Channel] { box.withLockedValue { $0 } }
}
