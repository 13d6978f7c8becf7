import NIOCore
import Synchronization

/// Connections read and opened recently, kept in memory so that a repeated read skips the database.
///
/// An entry is never newer than the database, and never older than the last change this process has been told
/// of: a write through this process drops its entry once committed, and the store's change feed drops the entries
/// other processes write. While the feed is not following (starting up, or its database connection lost) nothing
/// is served or kept, since changes could be missed. A reader that loaded a record keeps it only if no change was
/// reported while it was loading (its ticket still matches the generation), so a slow reader can never put back a
/// value older than a change already reported. An entry may also hold its connection's JSON, written once.
final class OpenedConnectionCache: Sendable {
    private struct Entry {
        let kept: Kept
        var json: [UInt8]?

        var record: ConnectionRecord { kept.record }
    }

    /// A record as kept: shared, so that looking its entry up copies a reference rather than the whole record.
    private final class Kept: Sendable {
        let record: ConnectionRecord
        let expires: NIODeadline

        init(record: ConnectionRecord, expires: NIODeadline) {
            self.record = record
            self.expires = expires
        }
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var generation: UInt64 = 0
        var isFollowing = false
        var statistics = ConnectionCacheStatistics()
    }

    let settings: ConnectionCacheSettings
    private let state = Mutex(State())

    init(settings: ConnectionCacheSettings) {
        self.settings = settings
    }

    /// The kept record of connection `id` if it belongs to `workspaceID` and is not too old. The read is counted
    /// unless the caller has counted it already.
    func record(id: String, workspaceID: String, counting: Bool = true) -> ConnectionRecord? {
        let now = NIODeadline.now()
        return state.withLock { state in
            guard let kept = Self.kept(id: id, workspaceID: workspaceID, in: state, at: now) else {
                if counting { state.statistics.misses += 1 }
                return nil
            }
            if counting { state.statistics.hits += 1 }
            return kept.record
        }
    }

    /// The version of the kept record of connection `id`, under the conditions of `record(id:workspaceID:)`. A hit
    /// is counted; a miss is not, since the caller reads the database next, through a path that counts it. `now` is
    /// the time the caller read last.
    func version(id: String, workspaceID: String, now: NIODeadline = .now()) -> Int64? {
        state.withLock { state in
            guard let kept = Self.kept(id: id, workspaceID: workspaceID, in: state, at: now) else { return nil }
            state.statistics.hits += 1
            return kept.record.version
        }
    }

    /// The entry of connection `id` that may be served: the feed is following, the entry is not too old, and it
    /// belongs to `workspaceID`.
    private static func kept(id: String, workspaceID: String, in state: State, at now: NIODeadline) -> Kept? {
        guard state.isFollowing, let kept = state.entries[id]?.kept, kept.expires > now, kept.record.connection.workspaceID == workspaceID
        else { return nil }
        return kept
    }

    /// What a reader takes before it loads from the database and hands back to `keep`; `nil` while nothing may be kept.
    func ticket() -> UInt64? {
        state.withLock { $0.isFollowing ? $0.generation : nil }
    }

    /// Keeps `record` unless a change was reported since `ticket` was taken. A full cache first drops some entry.
    func keep(_ record: ConnectionRecord, ticket: UInt64) {
        let expires = NIODeadline.now() + TimeAmount(settings.maxAge)
        state.withLock { state in
            guard state.isFollowing, state.generation == ticket else { return }
            let id = record.connection.id
            if state.entries[id] == nil, state.entries.count >= settings.capacity, !state.entries.isEmpty {
                state.entries.remove(at: state.entries.startIndex)
            }
            state.entries[id] = Entry(kept: Kept(record: record, expires: expires))
        }
    }

    /// The JSON kept with `record`'s entry, if the entry still holds that version.
    func json(of record: ConnectionRecord) -> [UInt8]? {
        state.withLock { state in
            guard let entry = state.entries[record.connection.id], entry.record.version == record.version else { return nil }
            return entry.json
        }
    }

    /// Keeps `json` with `record`'s entry, if the entry still holds that version.
    func attach(_ json: [UInt8], to record: ConnectionRecord) {
        state.withLock { state in
            let id = record.connection.id
            guard state.entries[id]?.record.version == record.version else { return }
            state.entries[id]?.json = json
        }
    }

    /// Drops connection `id`: it was written or deleted.
    func changed(id: String) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[id] = nil
        }
    }

    /// Drops everything: changes may have been missed.
    func changedAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
        }
    }

    /// Whether the change feed is following; every change of state drops everything.
    func setFollowing(_ following: Bool) {
        state.withLock { state in
            state.isFollowing = following
            state.generation &+= 1
            state.entries.removeAll()
        }
    }

    var isFollowing: Bool { state.withLock { $0.isFollowing } }

    var statistics: ConnectionCacheStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.entries = state.entries.count
            return statistics
        }
    }
}
