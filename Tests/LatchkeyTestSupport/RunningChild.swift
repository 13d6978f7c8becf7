import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A program running in the background (a test peer, `latchkey serve`), its standard output and error gathered as
/// they come, until it exits.
public final class RunningChild: Sendable {
    public let standardOutput = OutputBuffer()
    public let standardError = OutputBuffer()
    private let pid = Mutex<pid_t?>(nil)
    /// Set once the program has exited and both of its outputs have been read to their end.
    private let status = Mutex<Int32?>(nil)

    private init() {}

    /// Starts `executable`, with this process's environment and `environment` set in it; answers once it runs, or
    /// throws when it cannot be started.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:]
    ) async throws
        -> RunningChild
    {
        let child = RunningChild()
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            let started = Mutex<CheckedContinuation<Void, any Error>?>(started)
            Task {
                do {
                    let result = try await Subprocess.run(
                        .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inheriting(environment),
                        input: .none, output: .sequence, error: .sequence
                    ) { execution in
                        child.pid.withLock { $0 = execution.processIdentifier.value }
                        started.withLock { $0.take() }?.resume()
                        try await withThrowingDiscardingTaskGroup { group in
                            group.addTask { for try await chunk in execution.standardOutput { child.standardOutput.append(chunk) } }
                            group.addTask { for try await chunk in execution.standardError { child.standardError.append(chunk) } }
                        }
                    }
                    child.status.withLock { $0 = result.terminationStatus.exitStatus }
                } catch {
                    started.withLock { $0.take() }?.resume(throwing: error)
                    child.status.withLock { $0 = -1 }
                }
            }
        }
        return child
    }

    public var isRunning: Bool { status.withLock { $0 == nil } }

    public var processIdentifier: pid_t { pid.withLock { $0 ?? 0 } }

    /// The exit status (see `ChildProcess.Result.status`), once the program has exited and its output was read.
    public var exitStatus: Int32? { status.withLock { $0 } }

    /// Sends `signal` to the program if it still runs.
    public func send(_ signal: Int32) {
        guard isRunning, processIdentifier > 0 else { return }
        kill(processIdentifier, signal)
    }

    /// Kills the program without waiting for it: SIGKILL, because a test process running a `ServiceGroup` ignores
    /// SIGTERM, and children inherit ignored signals.
    public func stop() { send(SIGKILL) }

    /// Waits until what the program has written to standard output (or to standard error, `inErrors`) holds a match
    /// of `pattern`, and answers it; `nil` when the program exits first or `timeout` passes.
    public func firstMatch<Output>(
        of pattern: Regex<Output>, inErrors: Bool = false, within timeout: Duration
    ) async throws -> Regex<Output>.Match? {
        let output = inErrors ? standardError : standardOutput
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let running = isRunning
            if let match = output.text.firstMatch(of: pattern) { return match }
            guard running else { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Waits up to `timeout` for the program to exit, and answers its exit status.
    public func exit(within timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let exitStatus { return exitStatus }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSetupError("the child process did not exit within \(timeout)")
    }
}

/// Bytes a child process wrote, gathered as they arrive.
public final class OutputBuffer: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: SubprocessOutputSequence.Buffer) { data.withLock { buffer in chunk.withUnsafeBytes { buffer.append(contentsOf: $0) } } }

    public var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
