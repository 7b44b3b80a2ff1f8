/// Manufacturers of common OT and IT network interfaces, by the first three bytes of the MAC (IEEE OUI).
public enum OUITable {
    static let vendors: [UInt32: String] = [
        0x000E8C: "Siemens", 0x001B1B: "Siemens", 0x001C06: "Siemens", 0x080006: "Siemens", 0x000054: "Schneider Electric",
        0x0080F4: "Schneider Electric (Telemecanique)", 0x0000BC: "Rockwell Automation", 0x001D9C: "Rockwell Automation",
        0x5C8816: "Rockwell Automation", 0xE49069: "Rockwell Automation", 0x000105: "Beckhoff", 0x0030DE: "WAGO",
        0x00A045: "Phoenix Contact", 0x0090E8: "Moxa", 0x008063: "Hirschmann", 0x00077C: "Westermo", 0x000ADC: "RuggedCom",
        0x000023: "ABB", 0x002459: "ABB", 0x0002A3: "Hitachi Energy", 0x002692: "Mitsubishi Electric", 0x0020B5: "Yaskawa",
        0x006065: "B&R Industrial Automation", 0x000D81: "Pepperl+Fuchs", 0x00802F: "National Instruments",
        0x000991: "GE Intelligent Platforms", 0x000BAB: "Advantech", 0x00000C: "Cisco", 0x005056: "VMware", 0x000C29: "VMware",
        0x080027: "VirtualBox", 0x525400: "QEMU/KVM", 0x00155D: "Microsoft Hyper-V", 0x001B21: "Intel", 0x3CECEF: "Supermicro",
        0x00E04C: "Realtek", 0xEC9A74: "Hewlett Packard",
    ]

    public static func vendor(of mac: UInt64) -> String? { vendors[UInt32(truncatingIfNeeded: mac >> 24)] }
}
