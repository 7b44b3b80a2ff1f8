import Crypto
import NIOCore

/// The sending state machine: numbers items, packs them into erasure-coded groups, interleaves the
/// shards of several groups, seals datagrams and interleaves beacons. It never reads from the network;
/// the caller paces `nextDatagram(now:)` with its token bucket and writes the datagrams out.
package final class DiodeSender<Instant: InstantProtocol> where Instant.Duration == Duration {
    package let configuration: DiodeConfiguration
    package private(set) var state: SenderState
    package private(set) var counters = SenderCounters()

    private let code: ReedSolomonCode
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
    private var outgoing: [ByteBuffer] = []
    private var outgoingHead = 0
    private var batchCompletions: [(end: Int, group: UInt64, sequences: StreamSequences, files: [String])] = []
    private var sentNextGroup: UInt64
    private var sentNextSequences: StreamSequences
    private var finishedFiles: [String] = []

    /// - Parameters:
    ///   - state: the stored state of a previous run (numbering continues, `run` increments), or nil for a new session.
    ///   - wallClock: Unix time in nanoseconds, stamped into beacons for latency measurement.
    package init(
        key: DiodeKey, configuration: DiodeConfiguration, state: SenderState?, store: (any SenderStateStore)?, now: Instant,
        wallClock: @escaping @Sendable () -> UInt64
    ) throws(DiodeError) {
        try configuration.validate()
        self.configuration = configuration
        code = try ReedSolomonCode(dataShards: configuration.dataShards, parityShards: configuration.parityShards)
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
        try reservePacketNumbers(Self.reservationBlock)
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

    package var hasPendingWork: Bool { messageHead < messages.count || !files.isEmpty || outgoingHead < outgoing.count }

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
        if now >= nextBeaconAt {
            nextBeaconAt = now.advanced(by: configuration.beaconInterval)
            return try beacon()
        }
        if outgoingHead == outgoing.count {
            outgoing.removeAll(keepingCapacity: true)
            outgoingHead = 0
            guard try sealBatch(now: now) else { return nil }
        }
        let datagram = outgoing[outgoingHead]
        outgoingHead += 1
        while let completion = batchCompletions.first, completion.end == outgoingHead {
            batchCompletions.removeFirst()
            counters.groups += completion.group - sentNextGroup
            counters.files += UInt64(completion.files.count)
            sentNextGroup = completion.group
            sentNextSequences = completion.sequences
            finishedFiles += completion.files
        }
        count(datagram)
        return datagram
    }

    /// When the caller should ask again even if nothing new is submitted: the next beacon, or the end
    /// of the linger time of a partial group.
    package var nextDeadline: Instant {
        guard let since = pendingSince, outgoingHead == outgoing.count else { return nextBeaconAt }
        return min(nextBeaconAt, since.advanced(by: configuration.linger))
    }

    private func count(_ datagram: ByteBuffer) {
        counters.datagrams += 1
        counters.bytes += UInt64(datagram.readableBytes)
    }

    /// A beacon now, outside the schedule: a sender about to exit sends one so that the receiver
    /// learns at once what the last groups carried.
    package func beaconDatagram() throws(DiodeError) -> ByteBuffer { try beacon() }

    private func beacon() throws(DiodeError) -> ByteBuffer {
        let payload = BeaconPayload(
            sentAtNanoseconds: wallClock(), run: state.run, configHash: configuration.hash, nextGroup: sentNextGroup,
            nextSequences: sentNextSequences, counters: counters)
        let datagram = DiodeFrame(kind: .beacon, session: state.session, packetNumber: try allocatePacketNumber(), payload: payload.encoded())
            .sealed(with: key)
        count(datagram)
        return datagram
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

    private func sealBatch(now: Instant) throws(DiodeError) -> Bool {
        guard messageHead < messages.count || !files.isEmpty else { return false }
        let fullBatch = configuration.interleave * configuration.dataShards * configuration.shardSize
        if pendingBytes < fullBatch {
            guard let since = pendingSince, now >= since.advanced(by: configuration.linger) else { return false }
        }
        var groups = [[[UInt8]]]()
        var completedTokens = [String]()
        for _ in 0..<configuration.interleave {
            var symbols = [[UInt8]]()
            while symbols.count < configuration.dataShards, let symbol = try fillSymbol(completed: &completedTokens) {
                symbols.append(symbol)
            }
            if symbols.isEmpty { break }
            groups.append(symbols)
        }
        compactMessages()
        pendingSince = (messageHead < messages.count || !files.isEmpty) ? now : nil
        let firstGroup = state.nextGroup
        state.nextGroup += UInt64(groups.count)
        let datagramCount = groups.reduce(0) { $0 + $1.count + configuration.parityShards }
        if nextPacketNumber + UInt64(datagramCount) > state.packetNumberReservedUntil {
            try reservePacketNumbers(UInt64(datagramCount) + Self.reservationBlock)
        } else {
            try store?.save(state)
        }
        let encoded = groups.map(encodeGroup)
        let longest = encoded.map(\.count).max() ?? 0
        for position in 0..<longest {
            for (offset, shards) in encoded.enumerated() where position < shards.count {
                let payload = ShardPayload(
                    group: firstGroup + UInt64(offset), run: state.run, index: position, dataShards: groups[offset].count,
                    parityShards: configuration.parityShards, bytes: shards[position])
                outgoing.append(
                    DiodeFrame(kind: .shard, session: state.session, packetNumber: try allocatePacketNumber(), payload: payload.encoded())
                        .sealed(with: key))
            }
        }
        batchCompletions.append((outgoing.count, state.nextGroup, state.nextSequences, completedTokens))
        return true
    }

    /// Data shards padded to one length, followed by their parity.
    private func encodeGroup(_ symbols: [[UInt8]]) -> [[UInt8]] {
        let length = symbols.map(\.count).max()!
        let padded = symbols.map { $0 + [UInt8](repeating: 0, count: length - $0.count) }
        let groupCode =
            symbols.count == code.dataShardCount
            ? code : try! ReedSolomonCode(dataShards: symbols.count, parityShards: configuration.parityShards)
        return padded + groupCode.parity(of: padded)
    }

    /// One data shard of items, or nil when nothing is pending.
    private func fillSymbol(completed: inout [String]) throws(DiodeError) -> [UInt8]? {
        var symbol = [UInt8]()
        symbol.reserveCapacity(configuration.shardSize)
        while true {
            if messageHead < messages.count {
                let (stream, body) = messages[messageHead]
                guard symbol.count + DiodeItem.headerSize + body.count <= configuration.shardSize else { break }
                append(stream, body, to: &symbol)
                messageBytes -= DiodeItem.headerSize + body.count
                messageHead += 1
                continue
            }
            guard let job = files.first else { break }
            guard symbol.count + DiodeItem.headerSize + job.nextItemSize <= configuration.shardSize else { break }
            append(.files, try job.nextItem().encoded(), to: &symbol)
            if job.isFinished {
                files.removeFirst()
                completed.append(job.token)
            }
        }
        return symbol.isEmpty ? nil : symbol
    }

    private func append(_ stream: DiodeStream, _ body: [UInt8], to symbol: inout [UInt8]) {
        DiodeItem(stream: stream, sequence: state.nextSequences[stream], body: body).write(to: &symbol)
        state.nextSequences[stream] += 1
    }

    private func compactMessages() {
        if messageHead == messages.count {
            messages.removeAll(keepingCapacity: true)
            messageHead = 0
        }
    }
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

    func nextItem() throws(DiodeError) -> FileItem {
        if !begun {
            begun = true
            return .begin(id: id, size: source.size, chunkCount: chunkCount, name: source.name)
        }
        if nextChunk < chunkCount {
            let data = try source.read(offset: UInt64(nextChunk) * UInt64(chunkSize), count: chunkLength(nextChunk))
            hasher.update(data: data)
            defer { nextChunk += 1 }
            return .chunk(id: id, index: nextChunk, data: data)
        }
        isFinished = true
        return .end(id: id, size: source.size, chunkCount: chunkCount, sha256: Array(hasher.finalize()), name: source.name)
    }
}
