#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// glibc returns freed memory to the kernel early and serves large blocks straight from mmap. A command that
/// builds megabytes of configuration text and then exits pays for that in page faults and system calls, so it
/// keeps its memory until the end instead. Long-running services keep the defaults.
enum BatchMemory {
    private static let held = Mutex<[any Sendable]>([])

    /// Keeps what a batch command built (the model, the compiled policy, the generated text) alive until the
    /// process exits. Freeing tens of thousands of objects one by one takes milliseconds at the end of a run;
    /// the kernel takes the whole heap back at once.
    static func holdUntilExit(_ values: any Sendable...) {
        held.withLock { $0 += values }
    }

    static func keepHeapForTheRun() {
        #if canImport(Glibc)
        // `mallopt` lives in <malloc.h>, which the Glibc module does not export; glibc's parameter numbers are ABI.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1
        let topPad: Int32 = -2
        let mmapThreshold: Int32 = -3
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 128 << 20)
        _ = mallopt(topPad, 64 << 20)
        #endif
    }
}
