import LatchkeyStore
import NIOCore

/// Remembers which workspace an API key proved, for a short time, so that most requests skip the key lookup.
///
/// Only keys that were found are remembered (a flood of wrong keys cannot fill it), entries expire after
/// `lifetime`, and the whole cache is dropped when it reaches `capacity`. Entries are keyed by the key's
/// hash, never the key itself.
final class APIKeyCache: Sendable {
    private let workspaces: ExpiringMap<String>

    init(lifetime: Duration = .seconds(30), capacity: Int = 10_000) {
        workspaces = ExpiringMap(lifetime: lifetime, capacity: capacity)
    }

    func workspaceID(forKeyHash hash: String, now: NIODeadline = .now()) -> String? {
        workspaces.value(for: hash, now: now)
    }

    /// The workspace the key with hash `hash` proved, and until when it is remembered.
    func workspace(forKeyHash hash: String, now: NIODeadline = .now()) -> (id: String, until: NIODeadline)? {
        workspaces.entry(for: hash, now: now).map { ($0.value, $0.expires) }
    }

    /// The workspace the key with hash `hash` proves: the one remembered, else the one `store` has (then remembered);
    /// `nil` when no workspace has the key.
    func workspaceID(forKeyHash hash: String, readingFrom store: Store) async throws -> String? {
        if let known = workspaceID(forKeyHash: hash) { return known }
        guard let found = try await store.workspaceID(forKeyHash: hash) else { return nil }
        remember(found, forKeyHash: hash)
        return found
    }

    func remember(_ workspaceID: String, forKeyHash hash: String, now: NIODeadline = .now()) {
        workspaces.set(workspaceID, for: hash, now: now)
    }
}
