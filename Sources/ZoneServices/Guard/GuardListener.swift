/// One listening address of the guard and the server it protects, labelled with its conduit.
public struct GuardListener: Hashable, Sendable {
    public var conduit: String
    public var listen: HostPort
    public var upstream: HostPort

    public init(conduit: String, listen: HostPort, upstream: HostPort) {
        self.conduit = conduit
        self.listen = listen
        self.upstream = upstream
    }
}
