import Foundation
import ZoneCore

// Measures load + full lint + reachability on a model file in one process, and the peak resident memory.
// Usage: zonectl-bench generate ZONES ASSETS CONDUITS FILE | zonectl-bench model FILE

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func seconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "generate" where arguments.count == 6:
    let text = SyntheticModel.yaml(zones: Int(arguments[2])!, assetsPerZone: Int(arguments[3])! / Int(arguments[2])!, conduits: Int(arguments[4])!)
    try text.write(toFile: arguments[5], atomically: true, encoding: .utf8)
case "model" where arguments.count == 3:
    var result: ModelLoadResult?
    var findings: [Finding] = []
    var reachablePairs = 0
    let load = seconds { result = ModelLoader.load(path: arguments[2]) }
    guard let model = result?.model, result?.isInvalid == false else {
        print("invalid model: \(result?.findings.prefix(3) ?? [])")
        exit(2)
    }
    let lint = seconds { findings = Linter.lint(model) }
    let reach = seconds { reachablePairs = ReachabilityGraph(model: model).closure().values.reduce(0) { $0 + $1.count } }
    let assets = model.zones.reduce(0) { $0 + $1.assets.count }
    print("zones \(model.zones.count) assets \(assets) conduits \(model.conduits.count) findings \(findings.count) reachable-pairs \(reachablePairs)")
    print(String(format: "load %.3f s  lint %.3f s  reachability %.3f s  total %.3f s  peak RSS %.0f MB", load, lint, reach, load + lint + reach, peakResidentMegabytes()))
default:
    print("usage: zonectl-bench generate ZONES ASSETS CONDUITS FILE | zonectl-bench model FILE")
    exit(64)
}
