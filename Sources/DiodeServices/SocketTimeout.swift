import Foundation

/// Blocking-call timeouts on a socket (SO_RCVTIMEO, SO_SNDTIMEO).
package enum SocketTimeout {
    /// A receive that waits longer returns with EAGAIN.
    package static func setReceive(_ descriptor: Int32, _ duration: Duration) { set(descriptor, SO_RCVTIMEO, duration) }

    /// A send that can write nothing for this long returns with EAGAIN (or with the bytes written so far).
    package static func setSend(_ descriptor: Int32, _ duration: Duration) { set(descriptor, SO_SNDTIMEO, duration) }

    private static func set(_ descriptor: Int32, _ option: Int32, _ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
