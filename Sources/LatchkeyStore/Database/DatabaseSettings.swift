/// How the store uses its database.
public struct DatabaseSettings: Sendable, Hashable {
    /// How SQLite makes a commit durable.
    public enum SQLiteSynchronous: String, Sendable, Hashable, CaseIterable {
        /// Every commit is synced to disk before it is acknowledged: nothing acknowledged is lost, even on power loss.
        case full
        /// Commits are synced at checkpoints only: faster, and the last acknowledged writes (a rotated refresh token)
        /// can be lost on power loss or an operating-system crash, never on a crash of Latchkey alone.
        case normal
    }

    /// The longest one database operation may take, waiting for a connection included; past it the operation fails
    /// with `StoreError.unavailable`, and its PostgreSQL connection is closed.
    public var operationTimeout: Duration
    public var sqliteSynchronous: SQLiteSynchronous

    public static let defaultOperationTimeout: Duration = .seconds(5)

    public init(operationTimeout: Duration = defaultOperationTimeout, sqliteSynchronous: SQLiteSynchronous = .full) {
        self.operationTimeout = operationTimeout
        self.sqliteSynchronous = sqliteSynchronous
    }
}
