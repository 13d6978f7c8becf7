import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs another program to completion, for tests that call real peers (validators, `psql`, the `latchkey` binary).
///
/// Built on Swift Subprocess: waiting suspends the task instead of holding one of the few threads tasks run on, and
/// a child inherits no descriptor but its standard ones (Foundation's `Process` scans `/proc/self/fd` to close the
/// rest, and crashes there once about 1,400 descriptors are open, as they are while the store tests run together).
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    /// Runs `executable` with `arguments` and `input` on its standard input, and answers its exit status and its
    /// standard output and error together. The child has this process's environment, with `environment` set in it.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String = ""
    ) async throws -> Result {
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inheriting(environment),
            input: .string(input), output: .string(limit: 16 << 20), error: .combinedWithOutput)
        return Result(status: result.terminationStatus.exitStatus, output: result.standardOutput)
    }
}

extension Environment {
    /// This process's environment, with `values` set in it.
    static func inheriting(_ values: [String: String]) -> Environment {
        .inherit.updating(Dictionary(uniqueKeysWithValues: values.map { (Key(rawValue: $0.key)!, $0.value as String?) }))
    }
}

extension TerminationStatus {
    /// The status as a shell reports it: the exit code, or 128 plus the signal that ended the process.
    var exitStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
