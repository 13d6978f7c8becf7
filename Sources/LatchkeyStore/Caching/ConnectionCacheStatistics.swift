/// How the cache of opened connections has done since the store opened.
public struct ConnectionCacheStatistics: Sendable, Hashable {
    /// Reads answered from memory.
    public var hits = 0
    /// Reads that went to the database.
    public var misses = 0
    /// Connections kept now.
    public var entries = 0

    public init(hits: Int = 0, misses: Int = 0, entries: Int = 0) {
        self.hits = hits
        self.misses = misses
        self.entries = entries
    }
}
