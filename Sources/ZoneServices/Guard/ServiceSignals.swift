import Dispatch
import Foundation

/// Signal handling for long-running services: SIGHUP calls `onHangup`, SIGINT/SIGTERM end the wait.
public enum ServiceSignals {
    public static func waitForTermination(onHangup: @escaping @Sendable () -> Void) async {
        let queue = DispatchQueue(label: "zonectl.signals")
        for number in [SIGHUP, SIGINT, SIGTERM] { signal(number, SIG_IGN) }
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        hangup.setEventHandler(handler: onHangup)
        hangup.resume()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
            let once = OnceFlag()
            for source in sources {
                source.setEventHandler {
                    if once.claim() {
                        sources.forEach { $0.cancel() }
                        continuation.resume()
                    }
                }
                source.resume()
            }
        }
        hangup.cancel()
    }
}

/// True for the first caller only.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
