import Synchronization

/// Tells a background loop in a test to finish its current round and stop, without cancelling work in flight.
public final class StopFlag: Sendable {
    private let stopped = Mutex(false)

    public init() {}

    public var isSet: Bool { stopped.withLock { $0 } }

    public func set() { stopped.withLock { $0 = true } }
}
