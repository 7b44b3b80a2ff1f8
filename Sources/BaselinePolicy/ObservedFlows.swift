import FlowBaseline
import ZoneCore

/// Baseline flows in the form every would-be-blocked analysis takes (``ObservedFlow``), so that captures and
/// firewall logs are judged and reported the same way.
public enum ObservedFlows {
    /// IP flows over TCP or UDP with a server port; times in seconds.
    public static func from(_ flows: [FlowRecord]) -> [ObservedFlow] {
        flows.compactMap { flow in
            guard let (source, destination, transport) = endpoints(flow) else { return nil }
            return ObservedFlow(
                source: source, destination: destination, transport: transport, port: flow.key.port, count: Int(clamping: flow.packets),
                firstSeen: flow.firstSeen / 1_000_000_000, lastSeen: flow.lastSeen / 1_000_000_000)
        }
    }

    /// The client and server addresses and the transport of an IP flow over TCP or UDP with a server port.
    static func endpoints(_ flow: FlowRecord) -> (source: IPAddress, destination: IPAddress, transport: Transport)? {
        guard flow.key.client.isIP, flow.key.port != 0,
            let source = IPAddress(flow.key.client.description), let destination = IPAddress(flow.key.server.description)
        else { return nil }
        switch flow.key.transport {
        case FlowTransport.tcp: return (source, destination, .tcp)
        case FlowTransport.udp: return (source, destination, .udp)
        default: return nil
        }
    }
}
