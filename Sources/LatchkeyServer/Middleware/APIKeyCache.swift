import Synchronization

/// Remembers which workspace an API key proved, for a short time, so that most requests skip the key lookup.
///
/// Only keys that were found are remembered (a flood of wrong keys cannot fill it), entries expire after
/// `lifetime`, and the whole cache is dropped when it reaches `capacity`. Entries are keyed by the key's
/// hash, never the key itself.
final class APIKeyCache: Sendable {
    private struct Entry {
        let workspaceID: String
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(30), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func workspaceID(forKeyHash hash: String, now: ContinuousClock.Instant = .now) -> String? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard entry.expires > now else {
                entries.removeValue(forKey: hash)
                return nil
            }
            return entry.workspaceID
        }
    }

    func remember(_ workspaceID: String, forKeyHash hash: String, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(workspaceID: workspaceID, expires: now + lifetime)
        }
    }
}
