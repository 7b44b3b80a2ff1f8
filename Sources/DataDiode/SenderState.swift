import Foundation

/// What a sender must remember across restarts so that its numbering continues: the session id,
/// the packet numbers it may have used (nonces must never repeat), groups and stream sequences.
package struct SenderState: Codable, Equatable, Sendable {
    package var session: UInt64
    /// Incremented on every start; receivers use it to tell a sender restart from loss.
    package var run: UInt16
    /// Packet numbers below this may have been used; a restarted sender starts here.
    package var packetNumberReservedUntil: UInt64
    package var nextGroup: UInt64
    package var nextSequences: StreamSequences

    package init(session: UInt64, run: UInt16 = 0, packetNumberReservedUntil: UInt64 = 0, nextGroup: UInt64 = 0, nextSequences: StreamSequences = .init()) {
        self.session = session
        self.run = run
        self.packetNumberReservedUntil = packetNumberReservedUntil
        self.nextGroup = nextGroup
        self.nextSequences = nextSequences
    }

    package static func fresh() -> SenderState { SenderState(session: UInt64.random(in: 1...UInt64.max)) }
}

/// Where a sender keeps its ``SenderState``.
package protocol SenderStateStore {
    func save(_ state: SenderState) throws(DiodeError)
}

/// A JSON state file, replaced atomically (write to a temporary file, then rename).
package struct SenderStateFile: SenderStateStore {
    package let path: String

    package init(path: String) { self.path = path }

    /// The stored state, or nil when the file does not exist yet.
    package func load() throws(DiodeError) -> SenderState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiodeError(.stateFile, "\(path): cannot read the sender state")
        }
        do { return try JSONDecoder().decode(SenderState.self, from: data) } catch {
            throw DiodeError(.stateFile, "\(path): not a sender state file (\(error))")
        }
    }

    package func save(_ state: SenderState) throws(DiodeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { try AtomicFile.write(try encoder.encode(state), to: path) } catch {
            throw DiodeError(.stateFile, "\(path): cannot write the sender state (\(error))")
        }
    }
}

/// Whole-file replacement that never leaves a half-written file under the final name.
package enum AtomicFile {
    package static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
