import NIOCore
import Synchronization

/// Values kept by key for a while: each for `lifetime` after it was set, and all of them dropped when a new key
/// would pass `capacity`. For caches that must stay small and short-lived without a clean-up task. Times are
/// `NIODeadline`s: their layout is known where they are used, so entries and lookups on the relay's path are copied
/// and compared in place.
final class ExpiringMap<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let expires: NIODeadline
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: TimeAmount
    private let capacity: Int

    init(lifetime: Duration, capacity: Int) {
        self.lifetime = TimeAmount(lifetime)
        self.capacity = capacity
    }

    /// The value set for `key` unless it has expired (an expired one is dropped).
    func value(for key: String, now: NIODeadline = .now()) -> Value? {
        entry(for: key, now: now)?.value
    }

    /// The value set for `key` and when it expires, unless it has expired (an expired one is dropped).
    func entry(for key: String, now: NIODeadline = .now()) -> (value: Value, expires: NIODeadline)? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries.removeValue(forKey: key)
                return nil
            }
            return (entry.value, entry.expires)
        }
    }

    func set(_ value: Value, for key: String, now: NIODeadline = .now()) {
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, expires: now + lifetime)
        }
    }
}
