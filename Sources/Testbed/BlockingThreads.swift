import Foundation

/// Runs long, blocking jobs (probes that wait in `poll`, inside other network namespaces) on threads of their own,
/// at most `limit` at a time. Dispatch's worker pool is not used for them: its pool monitor inspects blocked workers
/// and has been seen to trap when dozens of them sit in `poll` inside switched namespaces. The limit keeps the
/// sockets that the jobs hold together under the process's file limit.
enum BlockingThreads {
    static func run(_ jobs: [@Sendable () -> Void], limit: Int = 4) {
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: max(1, limit))
        for job in jobs {
            slots.wait()
            group.enter()
            let thread = Thread {
                job()
                slots.signal()
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }
}
