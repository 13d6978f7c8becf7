import Foundation
import LatchkeyTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `latchkey` executable, run as a user would run it.
enum LatchkeyBinary {
    static var path: String {
        if let override = ProcessInfo.processInfo.environment["LATCHKEY_BINARY"] { return override }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("latchkey").path
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "") async throws -> ChildProcess.Result {
        try await ChildProcess.run(path, arguments, environment: environment, input: input)
    }
}

/// A `latchkey serve` process, its output collected as it comes.
final class RunningServer: Sendable {
    let child: RunningChild

    init(arguments: [String], environment: [String: String] = [:]) async throws {
        child = try await RunningChild.start(LatchkeyBinary.path, ["serve", "--port", "0"] + arguments, environment: environment)
    }

    /// A test that ends early (a failed requirement) leaves no server behind.
    deinit { child.stop() }

    var output: String { child.standardOutput.text }
    var logs: String { child.standardError.text }

    /// Waits for the server to listen and answers its port.
    func port(timeout: Duration = .seconds(30)) async throws -> Int {
        guard let listening = try await child.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/, inErrors: true, within: timeout) else {
            throw TestSetupError("latchkey serve did not start listening: \(logs)")
        }
        return Int(listening.output.1)!
    }

    /// Waits for the API key a first start prints on standard output (which may come after the log line on
    /// standard error that `port()` waits for), and answers it.
    func firstStartKey(timeout: Duration = .seconds(10)) async throws -> String {
        guard let key = try await child.firstMatch(of: /lk_[A-Za-z0-9_-]+/, within: timeout) else {
            throw TestSetupError("latchkey serve printed no API key: \(output)")
        }
        return String(key.output)
    }

    /// Sends `signal` and waits for the process to exit and its output to be read; answers its exit status.
    func stop(with signal: Int32, timeout: Duration = .seconds(20)) async throws -> Int32 {
        child.send(signal)
        do {
            return try await child.exit(within: timeout)
        } catch {
            child.stop()
            throw TestSetupError("latchkey serve did not stop after signal \(signal)")
        }
    }
}

/// A plain HTTP request to a server on this machine.
func httpRequest(
    _ method: String, _ url: String, authorization: String? = nil, body: String? = nil
) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let authorization { request.setValue(authorization, forHTTPHeaderField: "authorization") }
    if let body {
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "content-type")
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
