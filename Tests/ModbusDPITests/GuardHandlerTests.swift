import ModbusDPI
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

/// Collects what the handler reports.
final class RecordingObserver: ModbusGuardObserver {
    var records: [ModbusAuditRecord] = []
    var decisions: [(String, ModbusAuditRecord.Verdict)] = []
    var answered: [TimeAmount] = []

    func audit(_ record: ModbusAuditRecord) { records.append(record) }
    func decided(ruleID: String, verdict: ModbusAuditRecord.Verdict) { decisions.append((ruleID, verdict)) }
    func answered(after duration: TimeAmount) { answered.append(duration) }
}

/// A client channel and an upstream channel on one embedded event loop, joined by the guard handlers.
final class GuardHarness {
    let loop = EmbeddedEventLoop()
    let client: EmbeddedChannel
    let upstream: EmbeddedChannel
    let observer = RecordingObserver()
    let policy: NIOLockedValueBox<ModbusPolicy>

    init(_ policy: ModbusPolicy, partialFrameTimeout: TimeAmount? = nil) throws {
        let box = NIOLockedValueBox(policy)
        self.policy = box
        let handler = ModbusGuardHandler(
            source: IPPrefix("10.30.1.5")!, destination: IPPrefix("10.20.1.10")!,
            policy: { box.withLockedValue { $0 } }, observer: observer)
        client = EmbeddedChannel(loop: loop)
        upstream = EmbeddedChannel(loop: loop)
        try upstream.pipeline.syncOperations.addHandler(ModbusUpstreamHandler(guardHandler: handler))
        handler.attach(upstream: upstream)
        try client.pipeline.syncOperations.addHandlers(
            ModbusFrameHandler(partialFrameTimeout: partialFrameTimeout), handler)
        try client.connect(to: SocketAddress(ipAddress: "10.20.1.10", port: 502)).wait()
        try upstream.connect(to: SocketAddress(ipAddress: "10.20.1.10", port: 502)).wait()
    }

    func send(_ hex: String) throws { try client.writeInbound(ByteBuffer(hex: hex)) }
    func answer(_ hex: String) throws { try upstream.writeInbound(ByteBuffer(hex: hex)) }
    func toClient() throws -> String? { try client.readOutbound(as: ByteBuffer.self)?.hex }
    func toUpstream() throws -> String? { try upstream.readOutbound(as: ByteBuffer.self)?.hex }
}

@Suite struct GuardHandlerTests {
    static let readOnly = ModbusPolicy(rules: [ModbusRule(
        id: "read", functions: [ModbusFunctionRule(code: 3, addresses: [0...99])])])

    @Test func forwardsAllowedAndAnswersDeniedWithException() throws {
        let harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 03 0000 0002")
        #expect(try harness.toUpstream() == "000100000006010300000002")
        try harness.answer("0001 0000 0007 01 03 04 00010002")
        #expect(try harness.toClient() == "00010000000701030400010002")
        try harness.send("0002 0000 0006 01 06 0000 0064")
        #expect(try harness.toClient() == "000200000003018601")
        #expect(try harness.toUpstream() == nil)
        #expect(harness.observer.records.map(\.verdict) == [.deny])
        #expect(harness.observer.decisions.map(\.1) == [.allow, .deny])
        #expect(harness.observer.answered.count == 1)
    }

    @Test func oneRequestUpstreamAtATimeInOrder() throws {
        let harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 03 0000 0001 0002 0000 0006 01 03 0001 0001 0003 0000 0006 01 03 0002 0001")
        #expect(try harness.toUpstream()?.hasPrefix("0001") == true)
        #expect(try harness.toUpstream() == nil)
        try harness.answer("0001 0000 0005 01 03 02 0000")
        #expect(try harness.toClient()?.hasPrefix("0001") == true)
        #expect(try harness.toUpstream()?.hasPrefix("0002") == true)
        try harness.answer("0002 0000 0005 01 03 02 0001")
        #expect(try harness.toUpstream()?.hasPrefix("0003") == true)
    }

    @Test func unsolicitedAndMismatchedResponsesNeverReachTheClient() throws {
        let harness = try GuardHarness(Self.readOnly)
        try harness.answer("0009 0000 0005 01 03 02 0000")
        #expect(try harness.toClient() == nil)
        #expect(harness.observer.records.last?.ruleID == "unsolicited-response")
        try harness.send("0001 0000 0006 01 03 0000 0002")
        _ = try harness.toUpstream()
        try harness.answer("0001 0000 0005 01 03 02 0000")
        #expect(try harness.toClient() == "000100000003018304")
        #expect(harness.observer.records.last?.ruleID == "response-mismatch")
    }

    @Test func pendingLimitAndDuplicateTransactions() throws {
        var policy = Self.readOnly
        policy.limits.maxPending = 2
        let harness = try GuardHarness(policy)
        try harness.send("0001 0000 0006 01 03 0000 0001 0002 0000 0006 01 03 0000 0001 0003 0000 0006 01 03 0000 0001")
        #expect(try harness.toClient() == "000300000003018306")
        try harness.send("0002 0000 0006 01 03 0000 0001")
        #expect(!harness.client.isActive)
        #expect(harness.observer.records.last?.detail == "transaction id already pending")
    }

    @Test func requestsExpireWithGatewayTargetFailed() throws {
        var policy = Self.readOnly
        policy.limits.requestLifetime = .seconds(10)
        let harness = try GuardHarness(policy)
        try harness.send("0001 0000 0006 01 03 0000 0001 0002 0000 0006 01 03 0000 0001")
        harness.loop.advanceTime(by: .seconds(9))
        #expect(try harness.toClient() == nil)
        harness.loop.advanceTime(by: .seconds(1))
        #expect(try harness.toClient() == "00010000000301830b")
        #expect(try harness.toClient() == "00020000000301830b")
        try harness.answer("0001 0000 0005 01 03 02 0000")
        #expect(try harness.toClient() == nil)
    }

    @Test func monitorModeForwardsAndRecordsWouldDeny() throws {
        var policy = Self.readOnly
        policy.mode = .monitor
        let harness = try GuardHarness(policy)
        try harness.send("0001 0000 0006 01 06 0000 0064")
        #expect(try harness.toUpstream() == "000100000006010600000064")
        #expect(harness.observer.records.map(\.verdict) == [.wouldDeny])
        try harness.answer("0001 0000 0006 01 06 0000 0064")
        #expect(try harness.toClient() == "000100000006010600000064")
    }

    @Test func dropResetAndCloseAfterActions() throws {
        var policy = ModbusPolicy(rules: [], defaultAction: .drop)
        var harness = try GuardHarness(policy)
        try harness.send("0001 0000 0006 01 06 0000 0064")
        #expect(try harness.toClient() == nil && harness.client.isActive)

        policy.defaultAction = .closeAfter(violations: 2)
        harness = try GuardHarness(policy)
        try harness.send("0001 0000 0006 01 06 0000 0064")
        #expect(harness.client.isActive)
        try harness.send("0002 0000 0006 01 06 0000 0064")
        #expect(try harness.toClient() != nil && !harness.client.isActive)

        policy.defaultAction = .reset
        harness = try GuardHarness(policy)
        try harness.send("0001 0000 0006 01 06 0000 0064")
        #expect(!harness.client.isActive)
    }

    @Test func framingErrorClosesWithoutResynchronising() throws {
        let harness = try GuardHarness(Self.readOnly)
        do {
            try harness.send("0001 0000 00ff 01 03 0000 0001 0002 0000 0006 01 03 0000 0001")
        } catch {}
        #expect(!harness.client.isActive)
        #expect(try harness.toUpstream() == nil)
        #expect(harness.observer.records.last?.event == .framing)
    }

    @Test func writesNeverOverwriteAFrameTheChannelStillHolds() throws {
        let harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 03 0000 0001 0002 0000 0006 01 03 0005 0002")
        try harness.answer("0001 0000 0005 01 03 02 00aa")
        try harness.answer("0002 0000 0007 01 03 04 00bb 00cc")
        #expect(try harness.toUpstream() == "000100000006010300000001")
        #expect(try harness.toUpstream() == "000200000006010300050002")
        #expect(try harness.toClient() == "00010000000501030200aa")
        #expect(try harness.toClient() == "00020000000701030400bb00cc")
    }

    @Test func upstreamAnswersAreFramedAcrossReads() throws {
        let harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 03 0000 0001")
        _ = try harness.toUpstream()
        try harness.answer("0001 0000 00")
        #expect(try harness.toClient() == nil)
        try harness.answer("05 01 03 02 0007")
        #expect(try harness.toClient() == "0001000000050103020007")
    }

    @Test func brokenOrTruncatedUpstreamFramingClosesTheClient() throws {
        var harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 03 0000 0001")
        try? harness.answer("0001 0007 0005 01 03 02 0000")
        #expect(try harness.toClient() == nil)
        #expect(!harness.client.isActive)
        #expect(harness.observer.records.last?.event == .response)
        #expect(harness.observer.records.last?.cause == "protocol-identifier")

        harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 03 0000 0001")
        try harness.answer("0001 0000 0005 01")
        try harness.upstream.close().wait()
        #expect(!harness.client.isActive)
        #expect(harness.observer.records.last?.cause == "truncated-frame")
    }

    @Test func reloadedPolicyAppliesToOpenConnections() throws {
        let harness = try GuardHarness(Self.readOnly)
        try harness.send("0001 0000 0006 01 06 0000 0064")
        #expect(try harness.toClient() == "000100000003018601")
        harness.policy.withLockedValue { $0.rules[0].functions.append(ModbusFunctionRule(code: 6)) }
        try harness.send("0002 0000 0006 01 06 0000 0064")
        #expect(try harness.toUpstream() == "000200000006010600000064")
    }
}
