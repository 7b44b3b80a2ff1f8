/// Names a flow's application protocol from its payload (any port), and runs the function-level parser.
public enum ProtocolIdentifier {
    /// The protocol a payload proves, or nil when it proves none.
    public static func identify(_ payload: UnsafeRawBufferPointer, transport: UInt8, serverPort: UInt16) -> Service? {
        if transport == FlowTransport.tcp {
            if serverPort == 3389 || payload.hasBytes(Array("Cookie: mstshash=".utf8), at: 11), ITIdentifiers.isRDP(payload) { return .rdp }
            if let iso = S7Parser.identify(payload) { return iso }
            if ModbusParser.matches(payload) { return .modbus }
            if ENIPParser.matches(payload) { return .enip }
            if DNP3Parser.matches(payload) { return .dnp3 }
            if IndustrialIdentifiers.isOPCUA(payload) { return .opcua }
            if IEC104Parser.matches(payload) { return .iec104 }
            if ITIdentifiers.isTLS(payload) { return .tls }
            if ITIdentifiers.isSSH(payload) { return .ssh }
            if ITIdentifiers.isHTTP(payload) { return .http }
            if ITIdentifiers.isSMB(payload) { return .smb }
            if serverPort == 53, payload.count > 2, ITIdentifiers.isDNS(payload.tail(from: 2)) { return .dns }
            if ITIdentifiers.isSyslog(payload) { return .syslog }
            return nil
        }
        if transport == FlowTransport.udp {
            if IndustrialIdentifiers.isBACnet(payload) { return .bacnet }
            if ENIPParser.matches(payload) { return .enip }
            if DNP3Parser.matches(payload) { return .dnp3 }
            if serverPort == 123, ITIdentifiers.isNTP(payload) { return .ntp }
            if serverPort == 53 || serverPort == 5353, ITIdentifiers.isDNS(payload) { return .dns }
            if ITIdentifiers.isSyslog(payload) { return .syslog }
            return nil
        }
        return nil
    }

    /// Whether ``analyze(_:service:fromClient:into:)`` learns anything for this service.
    @inline(__always)
    public static func hasFunctionParser(_ service: Service) -> Bool {
        switch service {
        case .modbus, .s7comm, .dnp3, .iec104, .enip, .bacnet, .tls: true
        default: false
        }
    }

    @inline(__always)
    public static func analyze(_ payload: UnsafeRawBufferPointer, service: Service, fromClient: Bool, into observation: inout FlowObservation) {
        switch service {
        case .modbus: ModbusParser.parse(payload, fromClient: fromClient, into: &observation)
        case .s7comm: S7Parser.parse(payload, into: &observation)
        case .dnp3: DNP3Parser.parse(payload, into: &observation)
        case .iec104: IEC104Parser.parse(payload, into: &observation)
        case .enip: ENIPParser.parse(payload, fromClient: fromClient, into: &observation)
        case .bacnet: observation.operations.formUnion(IndustrialIdentifiers.bacnetOperation(payload))
        case .tls:
            if fromClient, let name = ITIdentifiers.serverName(payload) { observation.details.append("sni=\(name)") }
        default: break
        }
    }
}
