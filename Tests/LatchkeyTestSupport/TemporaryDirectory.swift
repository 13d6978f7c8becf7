import Foundation

/// A directory of its own for one test, removed when the test lets go of it.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("latchkey-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Every file in the directory, with its bytes.
    public func files() throws -> [(name: String, contents: Data)] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted().map { name in
            (name, FileManager.default.contents(atPath: path(name)) ?? Data())
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
