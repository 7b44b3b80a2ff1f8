import Foundation
import Synchronization

/// SIGINT and SIGTERM ask the service loops to finish their current step and return.
package enum StopSignal {
    private static let requested = Atomic<Bool>(false)

    package static var isRequested: Bool { requested.load(ordering: .relaxed) }

    package static func request() { requested.store(true, ordering: .relaxed) }

    package static func install() {
        signal(SIGINT) { _ in StopSignal.request() }
        signal(SIGTERM) { _ in StopSignal.request() }
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Unix time in nanoseconds, for beacon timestamps and event logs.
package func unixNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

extension Duration {
    /// Sleeps the calling thread (the service loops are plain threads, not tasks).
    package func sleepThread() {
        let (seconds, attoseconds) = components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        nanosleep(&request, nil)
    }
}
