/// The commented model that `zonectl init` writes: small, valid, and showing every part of the format.
public enum StarterModel {
    public static let text = """
        # Zone/conduit model (IEC 62443-3-2). Reference: docs/model.md. Check it with `zonectl lint FILE`.
        facility: "My Plant - Area 1"
        assessment_date: "2026-01-15"
        standard: "IEC 62443-3-2:2020"

        zones:
          - zone_id: "Z2-CONTROL"
            name: "Basic Process Control"
            purdue_level: "1-2"              # one level (0, 1, 2, 3, 3.5, 4, 5) or a range
            security_level_target: "SL 2"    # SL 1-4, or a vector [IAC, UC, SI, DC, RDF, TRE, RA]
            criticality: "High"
            network: {vlan: 20, subnets: [10.20.0.0/16], gateway: 10.20.0.1}
            assets:
              - "PLCs (PLC-01 through PLC-04)"           # free text; "(TAG)" names the asset
              - {name: EWS-01, role: engineering-workstation, ip: 10.20.1.20}
            security_requirements:
              - "Read-only access from Level 3"
            allowed_conduits: ["C1-CONTROL-OPS"]
            accountable_org: "Plant OT engineering"      # ZCR 6.4 documentation (lint --strict wants all)
            physical_boundary: "Control room cabinet CR-1"
            access_points: ["Firewall FW-1 port 1"]
            policies: ["OT-SEC-01"]
            assumptions: ["Cabinet is locked"]
            risk_rationale: "Risk assessment RA-2026-01, section 3"

          - zone_id: "Z3-OPS"
            name: "Site Operations"
            purdue_level: 3
            security_level_target: "SL 2"
            network: {vlan: 30, subnets: [10.30.0.0/16], gateway: 10.30.0.1}
            assets:
              - {name: HIST-01, description: "Process historian", role: historian, ip: 10.30.1.50}
            security_requirements:
              - "Antivirus with OT-approved signatures"
            allowed_conduits: ["C1-CONTROL-OPS"]
            accountable_org: "Plant OT engineering"
            physical_boundary: "Server room SR-2"
            access_points: ["Firewall FW-1 port 2"]
            policies: ["OT-SEC-01"]
            assumptions: ["Server room is locked"]
            risk_rationale: "Risk assessment RA-2026-01, section 4"

        conduits:
          - conduit_id: "C1-CONTROL-OPS"
            name: "Control-to-Operations Conduit"
            connects: ["Z2-CONTROL", "Z3-OPS"]
            security_level: "SL 2"
            protocols_allowed:
              - protocol: "Modbus/TCP"                    # port and transport come from the service table
                direction: "Z3 -> Z2 (read only, FC 3/4 only)"   # initiator -> responder
                sources: [HIST-01]
            controls:
              - "Industrial firewall with Modbus function code filtering"
              - "Connection rate limiting"
              - "Logging to the OT SIEM"
            accountable_org: "Plant OT engineering"
            access_points: ["Firewall FW-1"]
            policies: ["OT-SEC-01"]
            assumptions: ["Firewall is managed from the OT network only"]
            risk_rationale: "Risk assessment RA-2026-01, section 5"

        devices:
          firewalls:
            - name: FW-1
              platform: asa
              interfaces:
                - {name: GigabitEthernet1/1, nameif: zone-control, zone: Z2-CONTROL, address: 10.20.0.1/16, security_level: 90}
                - {name: GigabitEthernet1/2, nameif: zone-ops, zone: Z3-OPS, address: 10.30.0.1/16, security_level: 70}
              logging_host: 10.30.1.50

        """
}
