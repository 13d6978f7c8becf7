import Logging
import PostgresNIO

extension PostgresBackend {
    /// The channel the `connections` triggers notify with the id of every connection written or deleted.
    static let connectionChangesChannel = "latchkey_connection_changes"

    /// Listens on one pooled connection for the ids the `connections` triggers send, and drops each from `cache`;
    /// runs until cancelled. The listening connection is checked every ten seconds; from the moment its check fails
    /// or its notifications end, nothing is cached until listening starts again.
    func followConnectionChanges(into cache: OpenedConnectionCache, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.connectionChangesChannel) { notifications in
                        cache.setFollowing(true)
                        try await withThrowingDiscardingTaskGroup { group in
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: .seconds(10))
                                    do {
                                        // Named, so that the listening backend can be told apart in pg_stat_activity.
                                        try await connection.query("SELECT 1 AS latchkey_connection_changes", logger: logger)
                                    } catch {
                                        // At once: the group ends only once the notifications do, which a lost
                                        // connection may not end.
                                        cache.setFollowing(false)
                                        throw error
                                    }
                                }
                            }
                            // Not following from the moment the notifications end, too: giving the lost
                            // connection back can take long, and reads must not be served from memory meanwhile.
                            do {
                                for try await notification in notifications {
                                    cache.changed(id: notification.payload)
                                }
                            } catch {
                                cache.setFollowing(false)
                                throw error
                            }
                            cache.setFollowing(false)
                            throw CancellationError()
                        }
                    }
                }
            } catch {
                cache.setFollowing(false)
                if Task.isCancelled { break }
                logger.warning(
                    "cannot listen for connection changes; serving reads from the database",
                    metadata: ["error": .string(Self.describe(error) ?? "\(type(of: error))")])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        cache.setFollowing(false)
    }
}
