#if canImport(Glibc)
import Glibc
#endif

/// Text to stdout or stderr in one `write` of its UTF-8 bytes: no `Data` copy, and no runtime type checks that
/// `Data`'s generic initializer makes on its first use.
enum StandardStream {
    static func output(_ text: String) { write(text, to: STDOUT_FILENO) }

    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    // Nowhere left to report a failed report; the exit code still tells.
                    return
                }
                offset += written
            }
        }
    }
}
