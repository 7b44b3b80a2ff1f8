import ZoneCore

extension SyslogTarget {
    /// The model's logging host: the `logging_host` of its first firewall that names one, on port 514.
    public init(model: ZoneModel, transport: Transport) throws {
        guard let host = model.firewalls.lazy.compactMap(\.loggingHost).first else {
            throw PolicyDerivationError("the model names no logging host (devices.firewalls[].logging_host)")
        }
        self.init(transport: transport, host: host.description, port: 514)
    }
}
