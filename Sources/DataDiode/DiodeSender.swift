import Crypto
import NIOCore

/// The sending state machine: numbers items, packs them into erasure-coded groups, interleaves the
/// shards of several groups, seals datagrams and interleaves beacons. It never reads from the network;
/// the caller paces ``nextDatagrams(now:limit:)`` with its token bucket and writes the datagrams out.
///
/// A batch of groups is built in place: items and file chunks are written straight into the datagram
/// slots of a reused arena, parity is computed from and into those slots, and each datagram is sealed
/// where it lies, so nothing is allocated or copied per datagram beyond what the AEAD itself does.
package final class DiodeSender<Instant: InstantProtocol> where Instant.Duration == Duration {
    package let configuration: DiodeConfiguration
    package private(set) var state: SenderState
    package private(set) var counters = SenderCounters()
    /// Batches whose re-sending was skipped because the history was full.
    package private(set) var resendsSkipped = 0

    private var codes: [Int: ReedSolomonCode] = [:]
    private let key: SymmetricKey
    private let store: (any SenderStateStore)?
    private let wallClock: @Sendable () -> UInt64
    private var nextPacketNumber: UInt64
    private var nextBeaconAt: Instant
    private var messages: [(stream: DiodeStream, body: [UInt8])] = []
    private var messageHead = 0
    private var messageBytes = 0
    private var files: [FileJob] = []
    private var pendingSince: Instant?
    private let arena: UnsafeMutableRawBufferPointer
    private let beaconSlot: UnsafeMutableRawBufferPointer
    private var datagrams: [(offset: Int, length: Int)] = []
    private var datagramHead = 0
    private var shapes: [GroupShape] = []
    private var batchCompletion: (group: UInt64, sequences: StreamSequences, files: [String])?
    private var sentNextGroup: UInt64
    private var sentNextSequences: StreamSequences
    private var finishedFiles: [String] = []
    private var history = ResendHistory<Instant>()

    /// Data shards and length of one group of a batch.
    private struct GroupShape {
        var dataShards: Int
        var length: Int
    }

    /// Offset of the shard bytes within a datagram slot.
    private static var shardOffset: Int { DiodeFrame.headerSize + ShardPayload.headerSize }

    /// - Parameters:
    ///   - state: the stored state of a previous run (numbering continues, `run` increments), or nil for a new session.
    ///   - wallClock: Unix time in nanoseconds, stamped into beacons for latency measurement.
    package init(
        key: DiodeKey, configuration: DiodeConfiguration, state: SenderState?, store: (any SenderStateStore)?, now: Instant,
        wallClock: @escaping @Sendable () -> UInt64
    ) throws(DiodeError) {
        try configuration.validate()
        self.configuration = configuration
        codes[configuration.dataShards] = try ReedSolomonCode(dataShards: configuration.dataShards, parityShards: configuration.parityShards)
        var initial = state ?? SenderState.fresh()
        if state != nil { initial.run &+= 1 }
        self.state = initial
        self.key = key.sessionKey(initial.session)
        self.store = store
        self.wallClock = wallClock
        nextPacketNumber = initial.packetNumberReservedUntil
        sentNextGroup = initial.nextGroup
        sentNextSequences = initial.nextSequences
        nextBeaconAt = now
        let slots = configuration.interleave * (configuration.dataShards + configuration.parityShards)
        arena = .allocate(byteCount: slots * configuration.datagramSize, alignment: 64)
        beaconSlot = .allocate(byteCount: DiodeFrame.overhead + BeaconPayload.size, alignment: 16)
        try reservePacketNumbers(Self.reservationBlock)
    }

    deinit {
        arena.deallocate()
        beaconSlot.deallocate()
    }

    private static var reservationBlock: UInt64 { 1 << 16 }

    // MARK: - Input

    /// Queues one historian record (a JSON line).
    package func submitRecord(_ line: [UInt8], now: Instant) throws(DiodeError) {
        do throws(DiodeError) {
            try HistorianRecord.validate(line)
            guard DiodeItem.headerSize + line.count <= configuration.shardSize else {
                throw DiodeError(.invalidRecord, "\(line.count) bytes do not fit one \(configuration.shardSize)-byte shard")
            }
        } catch {
            counters.itemsDropped += 1
            throw error
        }
        enqueue(.records, line, now: now)
    }

    /// Queues one syslog message; a message longer than a shard is truncated, as RFC 5426 allows.
    package func submitSyslog(_ message: [UInt8], now: Instant) {
        enqueue(.syslog, Array(message.prefix(configuration.shardSize - DiodeItem.headerSize)), now: now)
    }

    /// Queues a file. `token` is returned by ``takeFinishedFiles()`` once the file has completely left.
    package func submitFile(_ source: any DiodeFileSource, id: UInt64 = .random(in: 0...UInt64.max), token: String, now: Instant) throws(DiodeError) {
        let nameBytes = Array(source.name.utf8)
        guard FileNames.isSafe(source.name), nameBytes.count <= 255 else {
            throw DiodeError(.fileSystem, "'\(source.name)': a file name must be a plain name of at most 255 bytes")
        }
        files.append(FileJob(source: source, id: id, chunkSize: configuration.chunkSize, token: token))
        if pendingSince == nil { pendingSince = now }
    }

    /// Whether anything is still to be sent: queued items, datagrams of the current batch, or scheduled re-sends.
    package var hasPendingWork: Bool {
        messageHead < messages.count || !files.isEmpty || datagramHead < datagrams.count || !history.isEmpty
    }

    /// Tokens of files whose last datagram has been handed out since the previous call.
    package func takeFinishedFiles() -> [String] {
        defer { finishedFiles.removeAll() }
        return finishedFiles
    }

    private func enqueue(_ stream: DiodeStream, _ body: [UInt8], now: Instant) {
        messages.append((stream, body))
        messageBytes += DiodeItem.headerSize + body.count
        if pendingSince == nil { pendingSince = now }
    }

    // MARK: - Output

    /// The next datagram to send, or nil when there is nothing to send before ``nextDeadline``.
    package func nextDatagram(now: Instant) throws(DiodeError) -> ByteBuffer? {
        try nextDatagrams(now: now, limit: 1).map { ByteBuffer(bytes: $0.bytes) }
    }

    /// Up to `limit` datagrams of one size that lie back to back in memory (one UDP segmentation-offload
    /// send), or nil when there is nothing to send before ``nextDeadline``. The bytes stay valid until
    /// the next call.
    package func nextDatagrams(now: Instant, limit: Int) throws(DiodeError) -> DatagramRun? {
        if now >= nextBeaconAt {
            nextBeaconAt = now.advanced(by: configuration.beaconInterval)
            return try beacon()
        }
        if datagramHead == datagrams.count {
            if let due = history.due(now: now) {
                try resend(due)
            } else if try !sealBatch(now: now) {
                return nil
            }
        }
        let first = datagrams[datagramHead]
        var count = 1
        while count < limit, datagramHead + count < datagrams.count, datagrams[datagramHead + count].length == first.length { count += 1 }
        datagramHead += count
        if datagramHead == datagrams.count, let completion = batchCompletion {
            batchCompletion = nil
            counters.groups += completion.group - sentNextGroup
            counters.files += UInt64(completion.files.count)
            sentNextGroup = completion.group
            sentNextSequences = completion.sequences
            finishedFiles += completion.files
        }
        counters.datagrams += UInt64(count)
        counters.bytes += UInt64(count * first.length)
        return DatagramRun(bytes: UnsafeRawBufferPointer(rebasing: arena[first.offset..<first.offset + count * first.length]), datagramSize: first.length)
    }

    /// When the caller should ask again even if nothing new is submitted: the next beacon, the end of
    /// the linger time of a partial group, or the next scheduled re-send.
    package var nextDeadline: Instant {
        var deadline = nextBeaconAt
        if let since = pendingSince, datagramHead == datagrams.count { deadline = min(deadline, since.advanced(by: configuration.linger)) }
        if let due = history.nextDue { deadline = min(deadline, due) }
        return deadline
    }

    /// A beacon now, outside the schedule: a sender about to exit sends one so that the receiver
    /// learns at once what the last groups carried.
    package func beaconDatagram() throws(DiodeError) -> ByteBuffer { ByteBuffer(bytes: try beacon().bytes) }

    private func beacon() throws(DiodeError) -> DatagramRun {
        let payload = BeaconPayload(
            sentAtNanoseconds: wallClock(), run: state.run, configHash: configuration.hash, nextGroup: sentNextGroup,
            nextSequences: sentNextSequences, counters: counters
        ).encoded()
        UnsafeMutableRawBufferPointer(rebasing: beaconSlot[DiodeFrame.headerSize...]).copyBytes(from: payload)
        let length = DiodeFrame.seal(
            kind: .beacon, session: state.session, packetNumber: try allocatePacketNumber(), payloadLength: payload.count,
            in: beaconSlot.baseAddress!, with: key)
        counters.datagrams += 1
        counters.bytes += UInt64(length)
        return DatagramRun(bytes: UnsafeRawBufferPointer(rebasing: beaconSlot[..<length]), datagramSize: length)
    }

    private func allocatePacketNumber() throws(DiodeError) -> UInt64 {
        if nextPacketNumber >= state.packetNumberReservedUntil { try reservePacketNumbers(Self.reservationBlock) }
        defer { nextPacketNumber += 1 }
        return nextPacketNumber
    }

    /// Persists that packet numbers up to `nextPacketNumber + count` may be used, before using them.
    private func reservePacketNumbers(_ count: UInt64) throws(DiodeError) {
        state.packetNumberReservedUntil = nextPacketNumber + count
        try store?.save(state)
    }

    // MARK: - Groups

    private var pendingBytes: Int { messageBytes + files.reduce(0) { $0 + Int(clamping: $1.remainingBytes) } }

    /// The start of the datagram slot of shard `index` of the batch's group `group`: slots are laid out
    /// in wire order (shard 0 of every group, then shard 1, …), so a full batch needs no moving.
    private func slot(group: Int, index: Int) -> UnsafeMutableRawPointer {
        arena.baseAddress! + (index * configuration.interleave + group) * configuration.datagramSize
    }

    private func code(dataShards: Int) -> ReedSolomonCode {
        if let code = codes[dataShards] { return code }
        // 1 ≤ dataShards ≤ the configured k, which was validated.
        let code = try! ReedSolomonCode(dataShards: dataShards, parityShards: configuration.parityShards)
        codes[dataShards] = code
        return code
    }

    private func sealBatch(now: Instant) throws(DiodeError) -> Bool {
        guard messageHead < messages.count || !files.isEmpty else { return false }
        let fullBatch = configuration.interleave * configuration.dataShards * configuration.shardSize
        if pendingBytes < fullBatch {
            guard let since = pendingSince, now >= since.advanced(by: configuration.linger) else { return false }
        }
        let k = configuration.dataShards
        let m = configuration.parityShards
        shapes.removeAll(keepingCapacity: true)
        var completedTokens = [String]()
        var rowLengths = [Int](repeating: 0, count: configuration.interleave * k)
        var groupRows = [Int]()
        for group in 0..<configuration.interleave {
            var rows = 0
            while rows < k {
                let used = try fillSymbol(into: slot(group: group, index: rows) + Self.shardOffset, completed: &completedTokens)
                if used == 0 { break }
                rowLengths[group * k + rows] = used
                rows += 1
            }
            if rows == 0 { break }
            groupRows.append(rows)
        }
        // Every group of the batch is padded to the batch's longest row, so that all its datagrams
        // have one size and leave as one segmentation-offload run.
        let length = rowLengths.max()!
        for (group, rows) in groupRows.enumerated() {
            for row in 0..<rows where rowLengths[group * k + row] < length {
                (slot(group: group, index: row) + Self.shardOffset + rowLengths[group * k + row]).initializeMemory(
                    as: UInt8.self, repeating: 0, count: length - rowLengths[group * k + row])
            }
            shapes.append(GroupShape(dataShards: rows, length: length))
        }
        compactMessages()
        pendingSince = (messageHead < messages.count || !files.isEmpty) ? now : nil
        let firstGroup = state.nextGroup
        state.nextGroup += UInt64(shapes.count)
        let datagramCount = shapes.reduce(0) { $0 + $1.dataShards + m }
        if nextPacketNumber + UInt64(datagramCount) > state.packetNumberReservedUntil {
            try reservePacketNumbers(UInt64(datagramCount) + Self.reservationBlock)
        } else {
            try store?.save(state)
        }
        for (group, shape) in shapes.enumerated() {
            let data = (0..<shape.dataShards).map { UnsafePointer(slot(group: group, index: $0).assumingMemoryBound(to: UInt8.self) + Self.shardOffset) }
            let parity = (shape.dataShards..<(shape.dataShards + m)).map {
                slot(group: group, index: $0).assumingMemoryBound(to: UInt8.self) + Self.shardOffset
            }
            code(dataShards: shape.dataShards).encode(data: data, parity: parity, length: shape.length)
        }
        var resendWait: UInt8 = 0
        if let schedule = configuration.resend {
            resendWait = schedule.announcedWait(remaining: schedule.count)
            keepForResend(firstGroup: firstGroup, schedule: schedule, now: now)
        }
        try seal(firstGroup: firstGroup, run: state.run, resendWait: resendWait)
        batchCompletion = (state.nextGroup, state.nextSequences, completedTokens)
        return true
    }

    /// Seals the shards of `shapes`, which lie in their slots, in wire order, moving each datagram down
    /// to follow the previous one. Nothing moves when every group has k data shards of a full shard
    /// length (file chunks fill a shard exactly); shorter shards or groups are moved.
    private func seal(firstGroup: UInt64, run: UInt16, resendWait: UInt8) throws(DiodeError) {
        let m = configuration.parityShards
        datagrams.removeAll(keepingCapacity: true)
        datagramHead = 0
        var cursor = arena.baseAddress!
        let longest = shapes.map { $0.dataShards + m }.max() ?? 0
        for index in 0..<longest {
            for (group, shape) in shapes.enumerated() where index < shape.dataShards + m {
                let datagram = slot(group: group, index: index)
                ShardPayload.writeHeader(
                    group: firstGroup + UInt64(group), run: run, index: index, dataShards: shape.dataShards, parityShards: m,
                    resendWait: resendWait, to: datagram + DiodeFrame.headerSize)
                let length = DiodeFrame.seal(
                    kind: .shard, session: state.session, packetNumber: try allocatePacketNumber(),
                    payloadLength: ShardPayload.headerSize + shape.length, in: datagram, with: key)
                if cursor != datagram { cursor.copyMemory(from: datagram, byteCount: length) }
                datagrams.append((cursor - arena.baseAddress!, length))
                cursor += length
            }
        }
    }

    // MARK: - Re-sending

    /// Copies the plaintext shards of the batch just encoded into the re-send history.
    private func keepForResend(firstGroup: UInt64, schedule: ResendSchedule, now: Instant) {
        let m = configuration.parityShards
        var bytes = [UInt8]()
        bytes.reserveCapacity(shapes.reduce(0) { $0 + ($1.dataShards + m) * $1.length })
        for (group, shape) in shapes.enumerated() {
            for index in 0..<(shape.dataShards + m) {
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: slot(group: group, index: index) + Self.shardOffset, count: shape.length))
            }
        }
        let entry = ResendHistory<Instant>.Entry(
            due: now.advanced(by: schedule.after), remaining: schedule.count, firstGroup: firstGroup, run: state.run,
            shapes: shapes.map { ($0.dataShards, $0.length) }, shards: bytes)
        resendsSkipped += history.append(entry, limit: Self.resendHistoryLimit)
    }

    /// Re-send history kept at most, in bytes of shards; older batches beyond it are not sent again.
    package static var resendHistoryLimit: Int { 1 << 30 }

    /// Puts a batch from the history back into its slots and seals it again with new packet numbers.
    private func resend(_ entry: ResendHistory<Instant>.Entry) throws(DiodeError) {
        let m = configuration.parityShards
        shapes = entry.shapes.map { GroupShape(dataShards: $0.dataShards, length: $0.length) }
        var offset = 0
        entry.shards.withUnsafeBytes { stored in
            for (group, shape) in shapes.enumerated() {
                for index in 0..<(shape.dataShards + m) {
                    (slot(group: group, index: index) + Self.shardOffset).copyMemory(from: stored.baseAddress! + offset, byteCount: shape.length)
                    offset += shape.length
                }
            }
        }
        let datagramCount = shapes.reduce(0) { $0 + $1.dataShards + m }
        if nextPacketNumber + UInt64(datagramCount) > state.packetNumberReservedUntil {
            try reservePacketNumbers(UInt64(datagramCount) + Self.reservationBlock)
        }
        let remaining = entry.remaining - 1
        try seal(firstGroup: entry.firstGroup, run: entry.run, resendWait: configuration.resend?.announcedWait(remaining: remaining) ?? 0)
        counters.resentGroups += UInt64(shapes.count)
        if remaining > 0, let schedule = configuration.resend {
            var again = entry
            again.remaining = remaining
            // From the planned time, not from now: a late copy does not push the later ones back.
            again.due = entry.due.advanced(by: schedule.after)
            resendsSkipped += history.append(again, limit: Self.resendHistoryLimit)
        }
    }

    // MARK: - Items

    /// Fills one data shard at `target` with items; returns the bytes used (0 when nothing is pending).
    private func fillSymbol(into target: UnsafeMutableRawPointer, completed: inout [String]) throws(DiodeError) -> Int {
        let capacity = configuration.shardSize
        var used = 0
        while true {
            if messageHead < messages.count {
                let (stream, body) = messages[messageHead]
                guard used + DiodeItem.headerSize + body.count <= capacity else { break }
                DiodeItem.writeHeader(stream: stream, sequence: state.nextSequences[stream], bodyLength: body.count, to: target + used)
                body.withUnsafeBytes { (target + used + DiodeItem.headerSize).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                state.nextSequences[stream] += 1
                used += DiodeItem.headerSize + body.count
                messageBytes -= DiodeItem.headerSize + body.count
                messageHead += 1
                continue
            }
            guard let job = files.first else { break }
            let size = job.nextItemSize
            guard used + DiodeItem.headerSize + size <= capacity else { break }
            DiodeItem.writeHeader(stream: .files, sequence: state.nextSequences[.files], bodyLength: size, to: target + used)
            try job.writeNextItem(to: UnsafeMutableRawBufferPointer(start: target + used + DiodeItem.headerSize, count: size))
            state.nextSequences[.files] += 1
            used += DiodeItem.headerSize + size
            if job.isFinished {
                files.removeFirst()
                completed.append(job.token)
            }
        }
        return used
    }

    private func compactMessages() {
        if messageHead == messages.count {
            messages.removeAll(keepingCapacity: true)
            messageHead = 0
        }
    }
}

/// Datagrams of one size lying back to back.
package struct DatagramRun {
    package let bytes: UnsafeRawBufferPointer
    package let datagramSize: Int

    package var count: Int { bytes.count / datagramSize }
}

/// The progress of one file through begin, chunks and end items.
private final class FileJob {
    let source: any DiodeFileSource
    let id: UInt64
    let token: String
    let chunkSize: Int
    let chunkCount: UInt32
    private var nextChunk: UInt32 = 0
    private var begun = false
    private(set) var isFinished = false
    private var hasher = SHA256()

    init(source: any DiodeFileSource, id: UInt64, chunkSize: Int, token: String) {
        self.source = source
        self.id = id
        self.token = token
        self.chunkSize = chunkSize
        chunkCount = UInt32((source.size + UInt64(chunkSize) - 1) / UInt64(chunkSize))
    }

    var remainingBytes: UInt64 { source.size - min(source.size, UInt64(nextChunk) * UInt64(chunkSize)) + 64 }

    var nextItemSize: Int {
        let nameSize = 2 + source.name.utf8.count
        if !begun { return 21 + nameSize }
        if nextChunk < chunkCount { return FileItem.chunkOverhead + chunkLength(nextChunk) }
        return 53 + nameSize
    }

    private func chunkLength(_ index: UInt32) -> Int {
        Int(min(UInt64(chunkSize), source.size - UInt64(index) * UInt64(chunkSize)))
    }

    /// Writes the next item's body (exactly ``nextItemSize`` bytes); a chunk is read from the file in place.
    func writeNextItem(to target: UnsafeMutableRawBufferPointer) throws(DiodeError) {
        if !begun {
            begun = true
            target.copyBytes(from: FileItem.begin(id: id, size: source.size, chunkCount: chunkCount, name: source.name).encoded())
        } else if nextChunk < chunkCount {
            FileItem.writeChunkHeader(id: id, index: nextChunk, to: target.baseAddress!)
            let data = UnsafeMutableRawBufferPointer(rebasing: target[FileItem.chunkOverhead...])
            try source.read(offset: UInt64(nextChunk) * UInt64(chunkSize), into: data)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(data))
            nextChunk += 1
        } else {
            isFinished = true
            target.copyBytes(
                from: FileItem.end(id: id, size: source.size, chunkCount: chunkCount, sha256: Array(hasher.finalize()), name: source.name).encoded())
        }
    }
}
