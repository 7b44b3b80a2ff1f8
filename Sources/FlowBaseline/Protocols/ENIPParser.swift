import Foundation

/// EtherNet/IP encapsulation and the CIP services inside it; List Identity replies give vendor and product.
public enum ENIPParser {
    static let commands: Set<UInt16> = [0x0001, 0x0004, 0x0063, 0x0064, 0x0065, 0x0066, 0x006F, 0x0070, 0x0072, 0x0073]

    public static func matches(_ payload: UnsafeRawBufferPointer) -> Bool {
        guard payload.count >= 24 else { return false }
        return commands.contains(payload.u16le(0)) && Int(payload.u16le(2)) + 24 <= payload.count
    }

    /// Vendor ids of the ODVA registry for common controller makers.
    static let vendors: [UInt16: String] = [
        1: "Rockwell Automation/Allen-Bradley", 5: "Rockwell Automation/Reliance Electric", 40: "WAGO",
        44: "Parker Hannifin", 47: "Omron", 48: "Bosch Rexroth", 50: "Yaskawa", 58: "Schneider Automation",
        161: "Mitsubishi Electric", 243: "Schneider Electric", 283: "Hilscher", 674: "Siemens", 678: "Cognex",
    ]

    public static func operation(forService service: UInt8) -> OperationClass {
        switch service & 0x7F {
        case 0x01, 0x03, 0x0E, 0x4C, 0x4F: .read
        case 0x02, 0x04, 0x10, 0x4D, 0x4E, 0x53: .write
        case 0x05, 0x06, 0x07: .control
        default: []
        }
    }

    public static func parse(_ payload: UnsafeRawBufferPointer, fromClient: Bool, into observation: inout FlowObservation) {
        var offset = 0
        while offset + 24 <= payload.count {
            let command = payload.u16le(offset)
            let length = Int(payload.u16le(offset + 2))
            guard commands.contains(command), offset + 24 + length <= payload.count else { return }
            let body = UnsafeRawBufferPointer(rebasing: payload[(offset + 24)..<(offset + 24 + length)])
            switch command {
            case 0x0063:
                observation.operations.insert(.identity)
                if length > 0 { identity(body, into: &observation) }
            case 0x006F, 0x0070:
                if fromClient { cipRequest(body, connected: command == 0x0070, into: &observation) }
            default:
                break
            }
            offset += 24 + length
        }
    }

    /// Common Packet Format items of SendRRData/SendUnitData; the data item holds one CIP request.
    static func cipRequest(_ body: UnsafeRawBufferPointer, connected: Bool, into observation: inout FlowObservation) {
        guard body.count >= 8 else { return }
        let count = Int(body.u16le(6))
        var offset = 8
        for _ in 0..<min(count, 8) {
            guard offset + 4 <= body.count else { return }
            let type = body.u16le(offset)
            let length = Int(body.u16le(offset + 2))
            let data = offset + 4
            guard data + length <= body.count else { return }
            if type == 0x00B2 || type == 0x00B1, length >= 2 {
                let start = type == 0x00B1 ? data + 2 : data
                if start < data + length {
                    var service = body[start]
                    // Unconnected Send (0x52) wraps the real request after its own path and timing bytes.
                    if service == 0x52, start + 1 < data + length {
                        let inner = start + 2 + Int(body[start + 1]) * 2 + 4
                        if inner < data + length { service = body[inner] }
                    }
                    observation.functionCodes.append(service)
                    observation.requestCodes.append(service)
                    observation.operations.formUnion(operation(forService: service))
                }
            }
            offset = data + length
        }
    }

    /// The CIP Identity item (0x0C) of a List Identity reply.
    static func identity(_ body: UnsafeRawBufferPointer, into observation: inout FlowObservation) {
        guard body.count >= 2 else { return }
        var offset = 2
        for _ in 0..<Int(min(body.u16le(0), 4)) {
            guard offset + 4 <= body.count else { return }
            let type = body.u16le(offset)
            let length = Int(body.u16le(offset + 2))
            let item = offset + 4
            guard item + length <= body.count else { return }
            if type == 0x000C, length >= 33 {
                let vendor = body.u16le(item + 18)
                let deviceType = body.u16le(item + 20)
                let productCode = body.u16le(item + 22)
                let nameLength = Int(body[item + 32])
                let nameEnd = min(item + 33 + nameLength, item + length)
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: body[(item + 33)..<nameEnd]), as: UTF8.self)
                observation.details.append("vendor=\(vendors[vendor] ?? "CIP vendor \(vendor)")")
                observation.details.append("product=\(name.trimmingCharacters(in: .controlCharacters)) (device type \(deviceType), code \(productCode))")
            }
            offset = item + length
        }
    }
}
