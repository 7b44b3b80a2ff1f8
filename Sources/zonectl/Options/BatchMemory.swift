#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Synchronization
import ZoneCore

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

    /// The commands that build their whole output in memory and then exit.
    private static let batchCommands = Set([CompileCommand.configuration.commandName, BuildCommand.configuration.commandName].compactMap { $0 })

    /// For a batch command, keeps the heap for the run before the arguments are even parsed, while the other
    /// core has nothing to do yet. The model is not known before parsing; its size is taken from the first
    /// argument that names a regular file, and only sets how much memory is faulted in ahead.
    static func prepare(for arguments: [String]) {
        guard arguments.count > 1, batchCommands.contains(arguments[1]) else { return }
        keepHeapForTheRun(inputBytes: arguments.dropFirst(2).lazy.map(ModelInput.size(of:)).first { $0 > 0 } ?? 0)
    }

    /// Keeps the heap for the run and has another core fault in the part of it that a model of `inputBytes`
    /// will use: the kernel needs about a microsecond per page, which otherwise the run's own thread waits for.
    static func keepHeapForTheRun(inputBytes: Int) {
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
        // Below the mmap threshold, so that the block comes from the heap and stays there once freed.
        prefault(min(max(inputBytes * bytesPerInputByte, 1 << 20), 24 << 20))
        #endif
    }

    /// Heap bytes a compile touches per byte of model text, measured on the benchmark model.
    private static let bytesPerInputByte = 24

    #if canImport(Glibc)
    /// Grows the heap by `size` bytes, hands them back to the allocator (they become the start of its free top
    /// area, where the main thread's next allocations land) and populates their pages on a detached thread.
    /// Worker threads allocate from arenas of their own, which this does not reach.
    private static func prefault(_ size: Int) {
        guard let block = malloc(size) else { return }
        free(block)
        let range = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        range[0] = Int(bitPattern: block)
        range[1] = Int(bitPattern: block) + size
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { argument in
            let range = argument!.assumingMemoryBound(to: Int.self)
            BatchMemory.populate(from: range[0], to: range[1])
            range.deallocate()
            return nil
        }, range)
        if started == 0 { pthread_detach(thread) } else { range.deallocate() }
    }

    /// Populates the whole pages in `start..<end`, at normal priority: a thread held off the CPU while it holds
    /// the address-space lock stalls every mmap, mprotect and thread start of the run. Small steps keep each
    /// hold short.
    private static func populate(from start: Int, to end: Int) {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var address = (start + pageSize - 1) / pageSize * pageSize
        let last = end / pageSize * pageSize
        let step = 64 << 10
        while address < last {
            // Parallel steps of the run come first; the pages they touch meanwhile fault in as usual.
            while Concurrently.runningBatches.load(ordering: .relaxed) > 0 { usleep(100) }
            let length = min(step, last - address)
            // MADV_POPULATE_WRITE (Linux 5.14); older kernels refuse it and the pages fault in on use.
            guard madvise(UnsafeMutableRawPointer(bitPattern: address), length, 23) == 0 else { return }
            address += length
        }
    }
    #endif
}
