import Foundation
import LatchkeyTestSupport

/// A test peer written in Python (`Tests/peers/…`), run in the test virtual environment; it prints
/// `READY <port>` once it listens.
final class PythonPeer: Sendable {
    let child: RunningChild
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
        child = try await RunningChild.start(python, [path] + arguments)
        guard let ready = try await child.firstMatch(of: /READY (\d+)/, within: .seconds(60)) else {
            child.stop()
            throw TestSetupError("\(script) did not start: \(child.standardOutput.text)\(child.standardError.text)")
        }
        port = Int(ready.output.1)!
    }

    deinit { child.stop() }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Kills the peer, without waiting for it to go.
    func stop() { child.stop() }
}
