/// How many opened connections a server keeps in memory, and for how long at most.
///
/// A read served from memory skips the database query, the AES-GCM opening and the JSON decoding. Writes made
/// through the same store drop their entry as they commit; writes made by other processes or replicas drop it as
/// soon as the store's change feed reports them (PostgreSQL `NOTIFY`, within milliseconds; on SQLite a change
/// table read every `pollInterval`). `maxAge` bounds how long any entry lives whatever happens.
public struct ConnectionCacheSettings: Sendable, Hashable {
    /// Entries kept at most; `0` turns the cache off.
    public var capacity: Int
    /// How long an entry may be served after it was read from the database.
    public var maxAge: Duration
    /// How often the SQLite change feed looks for other processes' writes.
    public var pollInterval: Duration

    public init(capacity: Int = 10_000, maxAge: Duration = .seconds(30), pollInterval: Duration = .milliseconds(100)) {
        self.capacity = capacity
        self.maxAge = maxAge
        self.pollInterval = pollInterval
    }
}
