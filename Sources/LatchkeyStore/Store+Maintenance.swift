extension Store {
    /// Asks the database to write everything it holds in memory or in its log to its data files
    /// (`CHECKPOINT` on PostgreSQL, a WAL checkpoint on SQLite).
    public func checkpoint() async throws {
        switch location {
        case .postgres: try await database.raw("CHECKPOINT").run()
        case .sqlite: try await database.raw("PRAGMA wal_checkpoint(FULL)").run()
        }
    }
}

extension Store {
    /// Answers once the database has answered a trivial statement; throws `StoreError.unavailable` when it cannot be
    /// reached within the operation bound.
    public func checkReachable() async throws {
        try await database.raw("SELECT 1").run()
    }
}
