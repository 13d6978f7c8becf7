import Crypto
import Foundation
import SQLKit
import Synchronization

/// The data keys that seal connection secrets, kept in the database wrapped by the master key.
///
/// The newest data key seals new values; every older one still opens what it sealed. Each process
/// re-reads the table at least every `refreshInterval`, so a key added by `latchkey keys rotate`
/// reaches every running server without a restart.
final class Keyring: Sendable {
    struct Entry: Sendable {
        let id: String
        let key: SymmetricKey
    }

    private struct State {
        var keys: [String: SymmetricKey] = [:]
        var active: Entry?
        var loadedAt: ContinuousClock.Instant?
    }

    private let masterKey: MasterKey
    private let database: @Sendable () -> any SQLDatabase
    private let state = Mutex(State())
    let refreshInterval: Duration

    init(masterKey: MasterKey, refreshInterval: Duration = .seconds(5), database: @escaping @Sendable () -> any SQLDatabase) {
        self.masterKey = masterKey
        self.refreshInterval = refreshInterval
        self.database = database
    }

    /// The key that seals new values.
    func activeKey() async throws -> Entry {
        let cached = state.withLock { state -> Entry? in
            guard let loadedAt = state.loadedAt, loadedAt.duration(to: .now) < refreshInterval else { return nil }
            return state.active
        }
        if let cached { return cached }
        try await reload()
        guard let active = state.withLock({ $0.active }) else {
            throw StoreError.invalidConfiguration("the store has no data key; it was not opened through Store.open")
        }
        return active
    }

    /// The key named `id`, reading the table again when this process has not seen it yet.
    func key(id: String) async throws -> SymmetricKey {
        if let known = state.withLock({ $0.keys[id] }) { return known }
        try await reload()
        guard let key = state.withLock({ $0.keys[id] }) else {
            throw StoreError.unsealFailed("a value is sealed with data key \(id), which this store does not have")
        }
        return key
    }

    /// Adds a new data key, which from now on seals new values; answers its id.
    @discardableResult
    func addKey(on database: (any SQLDatabase)? = nil) async throws -> String {
        let id = "k" + RandomToken.hex(bytes: 8)
        let fresh = SymmetricKey(size: .bits256)
        let wrapped = try SealedValue.seal(
            fresh.withUnsafeBytes { Data($0) }, keyID: "master", key: masterKey.key, context: .dataKey(id: id))
        let createdAt = StoreTime.milliseconds(Date())
        try await (database ?? self.database())
            .raw("INSERT INTO data_keys (id, wrapped_key, created_at) VALUES (\(bind: id), \(bind: wrapped.text), \(bind: createdAt))")
            .run()
        state.withLock { $0.loadedAt = nil }
        return id
    }

    /// Reads every data key and unwraps it with the master key.
    func reload(from database: (any SQLDatabase)? = nil) async throws {
        let rows = try await (database ?? self.database()).raw("SELECT id, wrapped_key FROM data_keys ORDER BY created_at, id").all()
        var keys: [String: SymmetricKey] = [:]
        var active: Entry?
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let wrapped = try SealedValue(text: try row.decode(column: "wrapped_key", as: String.self))
            let bytes: Data
            do {
                bytes = try wrapped.open(with: masterKey.key, context: .dataKey(id: id))
            } catch {
                throw StoreError.invalidConfiguration(
                    "the master key from \(masterKey.origin) does not open data key \(id): this store was created with another master key")
            }
            keys[id] = SymmetricKey(data: bytes)
            active = Entry(id: id, key: SymmetricKey(data: bytes))
        }
        state.withLock {
            $0.keys = keys
            $0.active = active
            $0.loadedAt = .now
        }
    }

    /// Seals `plaintext` under the active key for `context`.
    func seal(_ plaintext: Data, context: SealingContext) async throws -> SealedValue {
        let active = try await activeKey()
        return try SealedValue.seal(plaintext, keyID: active.id, key: active.key, context: context)
    }

    /// Opens a sealed value with whichever key sealed it.
    func open(_ sealed: SealedValue, context: SealingContext) async throws -> Data {
        try sealed.open(with: try await key(id: sealed.keyID), context: context)
    }
}
