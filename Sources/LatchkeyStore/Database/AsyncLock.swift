import Synchronization

/// A lock that suspends instead of blocking, so a task can hold it across `await`s without tying up a thread.
actor AsyncLock {
    private var isLocked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        guard isLocked else {
            isLocked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` holding the lock.
    func withLock<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        await lock()
        do {
            let result = try await body()
            unlock()
            return result
        } catch {
            unlock()
            throw error
        }
    }

    private static let byName = Mutex<[String: AsyncLock]>([:])

    /// The one lock of this process for `name`.
    static func named(_ name: String) -> AsyncLock {
        byName.withLock { locks in
            if let lock = locks[name] { return lock }
            let lock = AsyncLock()
            locks[name] = lock
            return lock
        }
    }
}
