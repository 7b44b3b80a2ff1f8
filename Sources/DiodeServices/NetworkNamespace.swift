import CDiodeSystem
import DataDiode
import Foundation

/// Runs code with the calling thread inside a named network namespace (`ip netns` names). Sockets keep
/// the namespace they were created in, so a socket made here can be used from any thread afterwards.
package enum NetworkNamespace {
    package static func run<T: Sendable>(_ name: String?, _ body: @escaping @Sendable () throws(DiodeError) -> T) throws(DiodeError) -> T {
        guard let name else { return try body() }
        let result = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            let descriptor = open("/var/run/netns/\(name)", O_RDONLY)
            guard descriptor >= 0, diode_enter_network_namespace(descriptor) == 0 else {
                result.value = .failure(.errno(.namespace, "enter network namespace \(name)"))
                if descriptor >= 0 { close(descriptor) }
                return
            }
            close(descriptor)
            do throws(DiodeError) { result.value = .success(try body()) } catch { result.value = .failure(error) }
        }
        thread.start()
        done.wait()
        return try result.value!.get()
    }

    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        var value: Result<T, DiodeError>?
    }
}
