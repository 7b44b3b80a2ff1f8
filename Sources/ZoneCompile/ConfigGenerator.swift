import ZoneCore

/// One file a generator produces, relative to the output folder.
public struct GeneratedFile: Hashable, Sendable {
    public let path: String
    public let contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// What a generator produced: its files and the ordered rule lists they contain, for rule analysis.
public struct GeneratorOutput: Sendable {
    public var files: [GeneratedFile]
    public var ruleLists: [RuleList]

    public init(files: [GeneratedFile], ruleLists: [RuleList] = []) {
        self.files = files
        self.ruleLists = ruleLists
    }
}

/// Everything a generator reads: the model, its expanded access policy and the compiled rule order.
public struct CompileInput: Sendable {
    public let model: ZoneModel
    public let policy: CompiledPolicy
    public let mode: EnforcementMode

    public init(model: ZoneModel, mode: EnforcementMode) throws(CompileError) {
        self.model = model
        self.mode = mode
        policy = try CompiledPolicy(model: model, mode: mode)
    }

    /// The header every generated file starts with.
    public func header(generator: String, comment: String) -> String {
        OutputHeader(model: model, generator: generator, mode: mode).render(comment: comment)
    }
}

/// Turns a model into the configuration of one platform. Adding a platform means one generator file and one
/// ``Platform`` case.
public protocol ConfigGenerator: Sendable {
    /// The name printed in headers, such as `cisco-asa`.
    var name: String { get }
    /// Whether the model has what this platform needs (a device of its kind); `nil` when it can compile,
    /// otherwise why not.
    func unsupportedReason(_ model: ZoneModel) -> String?
    func generate(_ input: CompileInput) throws(CompileError) -> GeneratorOutput
}
