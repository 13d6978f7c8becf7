import Logging
import SQLKit

extension SQLiteBackend {
    /// Follows `connection_changes`, which triggers fill on every write of a connection by any process (keeping the
    /// last 10 000), and drops each changed connection from `cache`; runs until cancelled. SQLite's writers take
    /// turns, so sequence numbers appear in order; a gap means this follower fell more than 10 000 changes behind,
    /// and everything is dropped.
    func followConnectionChanges(into cache: OpenedConnectionCache, logger: Logger) async {
        while !Task.isCancelled {
            do {
                var last =
                    try await database.raw("SELECT COALESCE(MAX(seq), 0) AS seq FROM connection_changes")
                    .first(decodingColumn: "seq", as: Int64.self) ?? 0
                cache.setFollowing(true)
                while true {
                    try await Task.sleep(for: cache.settings.pollInterval)
                    let rows = try await database.raw(
                        "SELECT seq, connection_id FROM connection_changes WHERE seq > \(bind: last) ORDER BY seq"
                    ).all()
                    if let first = rows.first, try first.decode(column: "seq", as: Int64.self) != last + 1 {
                        cache.changedAll()
                    }
                    for row in rows {
                        cache.changed(id: try row.decode(column: "connection_id", as: String.self))
                        last = try row.decode(column: "seq", as: Int64.self)
                    }
                }
            } catch {
                cache.setFollowing(false)
                if Task.isCancelled { break }
                logger.warning("cannot follow connection changes; serving reads from the database", metadata: ["error_type": "\(type(of: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        cache.setFollowing(false)
    }
}
