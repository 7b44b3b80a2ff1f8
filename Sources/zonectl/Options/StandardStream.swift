#if canImport(Glibc)
import Glibc
#endif
import ZoneCore

/// Text to stdout or stderr in one `write` of its UTF-8 bytes: no `Data` copy, and no runtime type checks that
/// `Data`'s generic initializer makes on its first use.
enum StandardStream {
    // A failed write has nowhere left to be reported; the exit code still tells.
    static func output(_ text: String) { try? FileBytes.write(text, to: STDOUT_FILENO, path: "stdout") }

    static func error(_ text: String) { try? FileBytes.write(text, to: STDERR_FILENO, path: "stderr") }
}
