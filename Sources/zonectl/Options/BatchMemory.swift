#if canImport(Glibc)
import Glibc
#endif

/// glibc returns freed memory to the kernel early and serves large blocks straight from mmap. A command that
/// builds megabytes of configuration text and then exits pays for that in page faults and system calls, so it
/// keeps its memory until the end instead. Long-running services keep the defaults.
enum BatchMemory {
    static func keepUntilExit() {
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
