/// The rule for names a receiver will create in its output folder.
package enum FileNames {
    /// A plain, visible file name: no directory part, no leading dot, no control characters.
    package static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
