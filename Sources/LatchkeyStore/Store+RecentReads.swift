import LatchkeyModel
import NIOCore

extension Store {
    /// The connection `id` of `workspaceID` for answering a read: from memory when this process read it recently and
    /// no change to it has been reported since, else from the database (and then kept).
    ///
    /// A write through this store is seen at once; a write by another process or replica is seen once the change
    /// feed reports it (milliseconds on PostgreSQL, the poll interval on SQLite). Never base a compare-and-swap or a
    /// refresh on this record: ``connectionRecord(id:workspaceID:)`` reads the database.
    public func recentConnectionRecord(id: String, workspaceID: String) async throws -> ConnectionRecord? {
        guard let cache = openedConnections else { return try await connectionRecord(id: id, workspaceID: workspaceID) }
        if let record = cache.record(id: id, workspaceID: workspaceID) { return record }
        let ticket = cache.ticket()
        guard let record = try await connectionRecord(id: id, workspaceID: workspaceID) else { return nil }
        if let ticket { cache.keep(record, ticket: ticket) }
        return record
    }

    /// The record of connection `id` if memory holds a recent one, without waiting for the database: for callers on
    /// an event loop, which have asked `keptConnectionVersion` first (where the read is counted) and read through
    /// `recentConnectionRecord` when either answers `nil`.
    public func keptConnectionRecord(id: String, workspaceID: String) -> ConnectionRecord? {
        openedConnections?.record(id: id, workspaceID: workspaceID, counting: false)
    }

    /// The version of `keptConnectionRecord(id:workspaceID:)`'s record, without copying the record; a hit is counted.
    /// `now` is the time the caller read last.
    public func keptConnectionVersion(id: String, workspaceID: String, now: NIODeadline = .now()) -> Int64? {
        openedConnections?.version(id: id, workspaceID: workspaceID, now: now)
    }

    /// The JSON of `record`'s connection, as the API answers it: kept with the connection in memory after the first
    /// time, since it changes only with the connection's version.
    public func json(of record: ConnectionRecord) -> [UInt8] {
        if let json = openedConnections?.json(of: record) { return json }
        var writer = JSONWriter()
        record.connection.write(to: &writer)
        openedConnections?.attach(writer.bytes, to: record)
        return writer.bytes
    }

    /// How the cache of opened connections has done; `nil` when the store keeps none.
    public var connectionCacheStatistics: ConnectionCacheStatistics? { openedConnections?.statistics }

    /// Whether the cache of opened connections is following changes, so that reads may be answered from memory.
    public var isFollowingConnectionChanges: Bool { openedConnections?.isFollowing ?? false }

    /// Drops connection `id` from memory once a write to it has committed.
    func written(connectionID id: String) {
        openedConnections?.changed(id: id)
    }
}
