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

    static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "") throws -> ChildProcess.Result {
        try ChildProcess.run(path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, input: input)
    }
}

/// A `latchkey serve` process, its output collected as it comes.
final class RunningServer: Sendable {
    let process: Process
    private let standardOutput = OutputBuffer()
    private let standardError = OutputBuffer()

    init(arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: LatchkeyBinary.path)
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        outPipe.fileHandleForReading.readabilityHandler = { [standardOutput] handle in standardOutput.append(handle.availableData) }
        errPipe.fileHandleForReading.readabilityHandler = { [standardError] handle in standardError.append(handle.availableData) }
        try process.run()
    }

    var output: String { standardOutput.text }
    var logs: String { standardError.text }

    /// Waits for the server to listen and answers its port.
    func port(timeout: Duration = .seconds(30)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let range = logs.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                return Int(logs[range].split(separator: ":").last!)!
            }
            guard process.isRunning else { throw TestSetupError("latchkey serve exited: \(logs)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError("latchkey serve did not start listening: \(logs)")
    }

    /// Sends `signal` and waits for the process to exit; answers its exit status.
    func stop(with signal: Int32, timeout: Duration = .seconds(20)) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw TestSetupError("latchkey serve did not stop after signal \(signal)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await drained()
        return process.terminationStatus
    }

    /// Waits until the pipes' last bytes have been read: output stops growing for 200 ms (at most 3 s).
    private func drained() async throws {
        var last = -1
        var stableSince = ContinuousClock.now
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline {
            let size = output.utf8.count + logs.utf8.count
            if size != last {
                last = size
                stableSince = ContinuousClock.now
            } else if ContinuousClock.now - stableSince >= .milliseconds(200) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Bytes a child process wrote, gathered as they arrive.
final class OutputBuffer: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
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
