extension Task where Success: Sendable {
    /// The task's result if it finishes within `limit`, `nil` otherwise or when the caller is cancelled first; the
    /// task goes on either way. Waits on neither longer than needed: awaiting a task's result has no way out, so the
    /// two waits run as their own tasks.
    public func result(within limit: Duration) async -> Result<Success, Failure>? {
        let (outcomes, continuation) = AsyncStream.makeStream(of: Result<Success, Failure>?.self)
        Task<Void, Never> { continuation.yield(await self.result) }
        let timer = Task<Void, Never> {
            try? await Task<Never, Never>.sleep(for: limit)
            continuation.yield(nil)
        }
        defer { timer.cancel() }
        for await outcome in outcomes { return outcome }
        return nil
    }
}
