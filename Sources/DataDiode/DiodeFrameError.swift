/// Why a datagram was rejected. Every code is counted in the receiver telemetry.
package struct DiodeFrameError: Error, CustomStringConvertible, Equatable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        package var description: String { name }

        /// Shorter than the fixed header plus the authentication tag.
        package static let truncated = Code("truncated")
        /// The first two bytes are not "ZD".
        package static let badMagic = Code("bad-magic")
        /// A protocol version this receiver does not speak.
        package static let unsupportedVersion = Code("unsupported-version")
        /// A datagram kind other than shard or beacon.
        package static let unknownKind = Code("unknown-kind")
        /// The AEAD tag does not verify: forged, corrupted or sent with another key.
        package static let authenticationFailed = Code("authentication-failed")
        /// The packet number was already accepted or is older than the replay window.
        package static let replayed = Code("replayed")
        /// The authenticated payload is inconsistent (shard index beyond k + m, bad lengths, bad item).
        package static let malformedPayload = Code("malformed-payload")
        /// The session was replaced by a newer one and is no longer accepted.
        package static let retiredSession = Code("retired-session")
    }

    package let code: Code
    package let detail: String

    package init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    package var description: String { "\(code): \(detail)" }

    package static func == (lhs: DiodeFrameError, rhs: DiodeFrameError) -> Bool { lhs.code == rhs.code }
}
