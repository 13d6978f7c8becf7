import Foundation
import LatchkeyTestSupport

/// A test peer written in Python (`Tests/peers/…`), run in the test virtual environment; it prints
/// `READY <port>` once it listens.
final class PythonPeer: Sendable {
    let process: Process
    let port: Int

    /// Starts `script` (relative to `Tests/peers`), or answers `nil` (skip) outside CI when the test Python is not set up.
    static func start(_ script: String, arguments: [String]) async throws -> PythonPeer? {
        guard let python = ProcessInfo.processInfo.environment["LATCHKEY_TEST_PYTHON"] else {
            if TestBackend.peersRequired { throw TestSetupError("LATCHKEY_TEST_PYTHON is not set: run the tests with scripts/test") }
            print("note: tests against \(script) skipped; run scripts/test to include them")
            return nil
        }
        return try await PythonPeer(python: python, script: script, arguments: arguments)
    }

    private init(python: String, script: String, arguments: [String]) async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("peers").appendingPathComponent(script).path
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [path] + arguments
        let output = OutputBuffer()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in output.append(handle.availableData) }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            if let match = output.text.firstMatch(of: /READY (\d+)/) {
                port = Int(match.output.1)!
                break
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                process.terminate()
                throw TestSetupError("\(script) did not start: \(output.text)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Kills the peer. SIGKILL, because a test process running a `ServiceGroup` ignores SIGTERM, and children
    /// inherit ignored signals.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
