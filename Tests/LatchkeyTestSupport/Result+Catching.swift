extension Result where Failure == any Error {
    /// The outcome of `body`, so that cleanup can run before an error is rethrown.
    public init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
