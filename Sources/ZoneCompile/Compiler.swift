import ZoneCore

/// What a compile produced: every file (configurations and `analysis.txt`) and the rule-analysis findings.
public struct CompileResult: Sendable {
    public let files: [GeneratedFile]
    public let findings: [AnalysisFinding]
    /// The model, policy and rule order the files were generated from.
    public let input: CompileInput
    /// Time spent compiling and analysing (not loading or writing).
    public let duration: Duration
    public var hasConflicts: Bool { findings.contains { $0.kind == .conflict } }
}

/// Compiles a model for a set of platforms, analyses the generated rule lists and writes the output folder.
public enum Compiler {
    public static func compile(_ model: ZoneModel, platforms: [Platform], mode: EnforcementMode) throws(CompileError) -> CompileResult {
        let clock = ContinuousClock()
        let started = clock.now
        for platform in platforms {
            if let reason = platform.generator.unsupportedReason(model) {
                let location = model.firewalls.first?.location ?? model.switches.first?.location
                    ?? SourceLocation(file: model.file, line: 1, column: 1)
                throw CompileError(.unsupportedPlatform, "cannot compile for \(platform.rawValue): \(reason)", at: location)
            }
        }
        let input = try CompileInput(model: model, mode: mode)
        // Every platform is generated on its own core, which then prepares that platform's rule lists for
        // analysis while other cores may still generate; then all lists are analysed, cut into pieces of positions
        // so that one long list does not keep a core busy alone.
        let outputs = try Concurrently.map(platforms.count) { index in
            Result { () throws(CompileError) in
                let output = try platforms[index].generator.generate(input)
                return (output: output, prepared: output.ruleLists.map(RuleAnalysis.prepare))
            }
        }.map { outcome throws(CompileError) in try outcome.get() }
        var files = outputs.flatMap(\.output.files)
        let findings = RuleAnalysis.analyze(prepared: outputs.flatMap(\.prepared))
        let analysis = input.header(generator: "rule-analysis", comment: "#")
            + (findings.isEmpty ? "# no redundant or shadowed rules\n" : findings.map { "\($0)\n" }.joined())
        files.append(GeneratedFile(path: "analysis.txt", contents: analysis))
        return CompileResult(files: files, findings: findings, input: input, duration: clock.now - started)
    }

    /// Writes the files into `path` atomically: the folder appears complete or not at all.
    public static func write(_ files: [GeneratedFile], to path: String) throws(CompileError) {
        try OutputFolder.write(files, to: path)
    }
}
