/// Receiver counters, exported as JSON lines and Prometheus text.
package struct ReceiverTelemetry: Codable, Equatable, Sendable {
    package var datagrams: UInt64 = 0
    package var bytes: UInt64 = 0
    package var beacons: UInt64 = 0
    package var shards: UInt64 = 0
    package var authenticationFailures: UInt64 = 0
    package var replayed: UInt64 = 0
    package var malformed: UInt64 = 0
    package var retiredSession: UInt64 = 0
    package var lateShards: UInt64 = 0
    package var groupsClean: UInt64 = 0
    package var groupsRepaired: UInt64 = 0
    package var groupsLost: UInt64 = 0
    /// Data shards rebuilt from parity, summed over groups.
    package var parityShardsUsed: UInt64 = 0
    /// The largest share of a group's parity consumed, in percent: how close the link came to losing data.
    package var maxFECMarginUsedPercent: UInt64 = 0
    package var gaps: UInt64 = 0
    package var itemsLost: UInt64 = 0
    package var records: UInt64 = 0
    package var syslogMessages: UInt64 = 0
    package var filesCompleted: UInt64 = 0
    package var filesFailed: UInt64 = 0
    /// Records the TCP record sink never took (its buffer overflowed, or it did not come back).
    package var recordsUndelivered: UInt64 = 0
    package var sessions: UInt64 = 0
    package var senderRestarts: UInt64 = 0
    package var configurationMismatches: UInt64 = 0
    /// Wall-clock age of the newest beacon at arrival, in microseconds (clock offset included).
    package var lastBeaconLatencyMicroseconds: Int64 = 0
    package var senderDatagrams: UInt64 = 0

    package init() {}

    package mutating func count(_ error: DiodeFrameError) {
        switch error.code {
        case .authenticationFailed: authenticationFailures += 1
        case .replayed: replayed += 1
        case .retiredSession: retiredSession += 1
        default: malformed += 1
        }
    }

    /// Prometheus text exposition format, one gauge or counter per field.
    package func prometheusText() -> String {
        var lines = [String]()
        for (name, value, help) in metrics {
            let kind = name.hasSuffix("_total") ? "counter" : "gauge"
            lines.append("# HELP zonectl_diode_\(name) \(help)")
            lines.append("# TYPE zonectl_diode_\(name) \(kind)")
            lines.append("zonectl_diode_\(name) \(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var metrics: [(String, String, String)] {
        [
            ("datagrams_total", "\(datagrams)", "Datagrams received."),
            ("bytes_total", "\(bytes)", "Bytes received."),
            ("beacons_total", "\(beacons)", "Authenticated beacons."),
            ("shards_total", "\(shards)", "Authenticated shards."),
            ("mac_failures_total", "\(authenticationFailures)", "Datagrams whose AEAD tag did not verify."),
            ("replayed_total", "\(replayed)", "Datagrams refused by the replay window."),
            ("malformed_total", "\(malformed)", "Datagrams with a bad header or payload."),
            ("retired_session_total", "\(retiredSession)", "Datagrams of a replaced session."),
            ("late_shards_total", "\(lateShards)", "Shards arriving after their group was decoded or given up (parity not needed)."),
            ("groups_clean_total", "\(groupsClean)", "Groups decoded without repair."),
            ("groups_repaired_total", "\(groupsRepaired)", "Groups decoded with parity."),
            ("groups_lost_total", "\(groupsLost)", "Groups that could not be decoded."),
            ("parity_shards_used_total", "\(parityShardsUsed)", "Data shards rebuilt from parity."),
            ("fec_margin_used_max_percent", "\(maxFECMarginUsedPercent)", "Largest share of one group's parity used."),
            ("gaps_total", "\(gaps)", "Gap reports."),
            ("items_lost_total", "\(itemsLost)", "Items in gap reports."),
            ("records_total", "\(records)", "Historian records delivered."),
            ("syslog_messages_total", "\(syslogMessages)", "Syslog messages delivered."),
            ("records_undelivered_total", "\(recordsUndelivered)", "Records the record sink did not take (buffer full or sink gone)."),
            ("files_completed_total", "\(filesCompleted)", "Files verified and stored."),
            ("files_failed_total", "\(filesFailed)", "Files that could not be completed."),
            ("sessions_total", "\(sessions)", "Sender sessions seen."),
            ("sender_restarts_total", "\(senderRestarts)", "Sender restarts seen."),
            ("configuration_mismatches_total", "\(configurationMismatches)", "Beacons whose configuration hash differs."),
            ("beacon_latency_microseconds", "\(lastBeaconLatencyMicroseconds)", "Age of the newest beacon at arrival."),
            ("sender_datagrams", "\(senderDatagrams)", "Datagrams the sender reports having sent."),
        ]
    }
}
