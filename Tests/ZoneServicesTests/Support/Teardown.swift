import NIOConcurrencyHelpers

/// Clean-up steps of a test, run newest first once the test body ends, also when it throws (`#require`).
final class Teardown: Sendable {
    private let steps = NIOLockedValueBox<[@Sendable () async -> Void]>([])

    func add(_ step: @escaping @Sendable () async -> Void) { steps.withLockedValue { $0.append(step) } }

    fileprivate func run() async {
        let steps = self.steps.withLockedValue { steps in
            defer { steps.removeAll() }
            return steps
        }
        for step in steps.reversed() { await step() }
    }
}

/// Runs `body`, then every step it added to its ``Teardown``, whether the body returned or threw.
func withTeardown<Result>(_ body: (Teardown) async throws -> Result) async throws -> Result {
    let teardown = Teardown()
    do {
        let result = try await body(teardown)
        await teardown.run()
        return result
    } catch {
        await teardown.run()
        throw error
    }
}
