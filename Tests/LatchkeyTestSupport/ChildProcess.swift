import Foundation

/// Runs another program to completion, for tests that call real peers (validators, the `latchkey` binary).
public enum ChildProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
    }

    /// Runs `executable` with `arguments` and `input` on its standard input, and answers its exit status and its
    /// standard output and error together.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String = ""
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
