/// The identity of a flow: who opened it, who answered, and on which transport and server port.
/// Client ports are not part of it, so memory grows with the number of distinct services used, not connections.
public struct FlowKey: Hashable, Sendable, Comparable {
    public var client: FlowAddress
    public var server: FlowAddress
    public var transport: UInt8
    /// Server port; the EtherType for layer-2 flows; 0 for IP protocols without ports.
    public var port: UInt16

    public init(client: FlowAddress, server: FlowAddress, transport: UInt8, port: UInt16) {
        self.client = client
        self.server = server
        self.transport = transport
        self.port = port
    }

    public static func < (lhs: FlowKey, rhs: FlowKey) -> Bool {
        (lhs.client, lhs.server, lhs.transport, lhs.port) < (rhs.client, rhs.server, rhs.transport, rhs.port)
    }
}

/// Everything the baseline keeps about one flow.
public struct FlowRecord: Sendable, Equatable {
    public var key: FlowKey
    public var service: Service
    /// True when a payload proved the service; false when it is only the port's usual service.
    public var serviceConfirmed = false
    public var packetsToServer: UInt64 = 0
    public var packetsToClient: UInt64 = 0
    public var bytesToServer: UInt64 = 0
    public var bytesToClient: UInt64 = 0
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var vlans: VLANSet = VLANSet()
    public var operations: OperationClass = []
    /// Count of each function code (both directions; one per PDU), indexed by code; empty when none seen.
    public var functionCodeCounts: [UInt64] = []
    public var requestCodes = CodeSet()
    public var unitIDs = CodeSet()
    public var exceptions: UInt64 = 0
    public var details: [String] = []
    var identificationAttempts: UInt8 = 0

    public init(key: FlowKey, service: Service, firstSeen: Int64) {
        self.key = key
        self.service = service
        self.firstSeen = firstSeen
        lastSeen = firstSeen
    }

    public var packets: UInt64 { packetsToServer + packetsToClient }
    public var bytes: UInt64 { bytesToServer + bytesToClient }

    /// Function codes with their counts, in code order.
    public var functionCodes: [(code: UInt8, count: UInt64)] {
        functionCodeCounts.indices.compactMap { index in
            functionCodeCounts[index] > 0 ? (UInt8(index), functionCodeCounts[index]) : nil
        }
    }

    @inline(__always)
    mutating func apply(_ observation: FlowObservation) {
        operations.formUnion(observation.operations)
        if !observation.functionCodes.isEmpty {
            if functionCodeCounts.isEmpty { functionCodeCounts = Array(repeating: 0, count: 256) }
            for code in observation.functionCodes { functionCodeCounts[Int(code)] += 1 }
        }
        for code in observation.requestCodes { requestCodes.insert(code) }
        for unit in observation.unitIDs { unitIDs.insert(unit) }
        exceptions += UInt64(observation.exceptions)
        for detail in observation.details where !details.contains(detail) && details.count < 16 { details.append(detail) }
    }

    /// Adds another record of the same flow (a later capture, or a Zeek log).
    public mutating func merge(_ other: FlowRecord) {
        if !serviceConfirmed && (other.serviceConfirmed || service == .unknown) {
            service = other.service
            serviceConfirmed = other.serviceConfirmed
        }
        packetsToServer += other.packetsToServer
        packetsToClient += other.packetsToClient
        bytesToServer += other.bytesToServer
        bytesToClient += other.bytesToClient
        firstSeen = min(firstSeen, other.firstSeen)
        lastSeen = max(lastSeen, other.lastSeen)
        vlans.formUnion(other.vlans)
        operations.formUnion(other.operations)
        if !other.functionCodeCounts.isEmpty {
            if functionCodeCounts.isEmpty { functionCodeCounts = Array(repeating: 0, count: 256) }
            for index in 0..<256 { functionCodeCounts[index] += other.functionCodeCounts[index] }
        }
        requestCodes.formUnion(other.requestCodes)
        unitIDs.formUnion(other.unitIDs)
        exceptions += other.exceptions
        for detail in other.details where !details.contains(detail) && details.count < 16 { details.append(detail) }
    }
}

/// The VLAN ids a flow was seen on (outer tag, and inner tag of QinQ frames written as `outer.inner`).
public struct VLANSet: Hashable, Sendable {
    public private(set) var tags: [UInt32] = []

    public init() {}

    public init(tags: [UInt32]) { self.tags = Array(Set(tags)).sorted() }

    @inline(__always)
    public mutating func insert(outer: UInt16, inner: UInt16) {
        guard outer != 0 || inner != 0 else { return }
        let tag = UInt32(outer) << 16 | UInt32(inner)
        if tags.last == tag || tags.contains(tag) { return }
        tags.append(tag)
        tags.sort()
    }

    public mutating func formUnion(_ other: VLANSet) {
        for tag in other.tags where !tags.contains(tag) { tags.append(tag) }
        tags.sort()
    }

    public static func text(_ tag: UInt32) -> String {
        let inner = tag & 0xFFFF
        return inner == 0 ? "\(tag >> 16)" : "\(tag >> 16).\(inner)"
    }

    public static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".")
        guard let outer = UInt32(parts.first ?? ""), outer < 4096 else { return nil }
        let inner = parts.count > 1 ? UInt32(parts[1]) ?? 0 : 0
        return outer << 16 | inner
    }

    /// The outer VLAN ids.
    public var outerIDs: [Int] { Array(Set(tags.map { Int($0 >> 16) })).sorted() }
    public var texts: [String] { tags.map(Self.text) }
}
