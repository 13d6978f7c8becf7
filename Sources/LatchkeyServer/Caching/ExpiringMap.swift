import Synchronization

/// Values kept by key for a while: each for `lifetime` after it was set, and all of them dropped when a new key
/// would pass `capacity`. For caches that must stay small and short-lived without a clean-up task.
final class ExpiringMap<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value set for `key` unless it has expired (an expired one is dropped).
    func value(for key: String, now: ContinuousClock.Instant = .now) -> Value? {
        entry(for: key, now: now)?.value
    }

    /// The value set for `key` and when it expires, unless it has expired (an expired one is dropped).
    func entry(for key: String, now: ContinuousClock.Instant = .now) -> (value: Value, expires: ContinuousClock.Instant)? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries.removeValue(forKey: key)
                return nil
            }
            return (entry.value, entry.expires)
        }
    }

    func set(_ value: Value, for key: String, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, expires: now + lifetime)
        }
    }
}
