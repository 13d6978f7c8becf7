import Foundation
import LatchkeyStore
import Logging

/// Creates throwaway databases on the test PostgreSQL server.
enum PostgresAdmin {
    static func createDatabase(named name: String, serverURL: String) async throws {
        let result = try await ChildProcess.run("/usr/bin/env", ["psql", serverURL, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"])
        guard result.status == 0 else { throw TestSetupError("cannot create test database \(name): \(result.output)") }
    }

    /// `url` with its database name replaced by `database`.
    static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }
}
