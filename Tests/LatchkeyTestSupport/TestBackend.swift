import Foundation
import LatchkeyStore
import Logging

/// The database engines every store test runs against.
public enum TestBackend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// The PostgreSQL server the test script started (`scripts/test`), as a superuser URL.
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["LATCHKEY_TEST_POSTGRES_URL"] }

    /// Whether a missing peer must fail the run instead of skipping its tests: always in CI.
    public static var peersRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["CI"] != nil || environment["LATCHKEY_TEST_REQUIRE_PEERS"] == "1"
    }

    /// A fresh, empty place for a store on this engine: a new SQLite file, or a new PostgreSQL database.
    /// `nil` when PostgreSQL is not available outside CI, so the caller skips.
    public func freshLocation(in directory: TemporaryDirectory) async throws -> StoreLocation? {
        switch self {
        case .sqlite:
            return .sqlite(path: directory.path("latchkey.sqlite"))
        case .postgres:
            guard let base = Self.postgresURL else {
                if Self.peersRequired { throw TestSetupError("LATCHKEY_TEST_POSTGRES_URL is not set: run the tests with scripts/test") }
                print("note: PostgreSQL tests skipped; run scripts/test to include them")
                return nil
            }
            let name = "latchkey_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await PostgresAdmin.createDatabase(named: name, serverURL: base)
            return .postgres(url: PostgresAdmin.url(base, database: name))
        }
    }
}

/// A failure to set up what a test needs, with what to do about it.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A logger that drops everything, for tests that do not read logs.
public let quietLogger = Logger(label: "latchkey.test") { _ in SwiftLogNoOpLogHandler() }

extension DatabaseSettings {
    /// The tests' stores: a database bound far past what any statement takes, since the whole suite runs its
    /// PostgreSQL tests at once on two cores; the tests of the bound itself set their own.
    public static let underTestLoad = DatabaseSettings(operationTimeout: .seconds(30))
}
