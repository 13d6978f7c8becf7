import Foundation
import LatchkeyStore

/// The refresh engine's state machine: from what is stored and what this process knows, what to do with a
/// connection now. Plain values in and out: no I/O and no clock of its own.
///
/// The states a connection goes through: fresh → expiring (within the margin) → refreshing (a lease held by
/// some owner until some time) → fresh again; or failed transiently (backing off until a time) → expiring;
/// or unhealthy (the provider refused the grant) until it is authorized again.
public struct RefreshPlanner: Sendable, Hashable {
    public enum Decision: Sendable, Hashable {
        /// The token stays valid for at least the margin: use it.
        case fresh
        /// Take the lease and refresh now.
        case refresh
        /// A refresher holds the lease until then: wait for its result. This process's own lease counts too when no
        /// refresh of it runs here: its request was abandoned, and the provider may still act on it until then.
        case waitForLease(until: Date)
        /// The provider refused the grant; only a new authorization helps.
        case unhealthy(code: String)
        /// A refresh failed transiently; the next try is not before then.
        case backingOff(until: Date)
        /// The token needs refreshing but the connection holds nothing to refresh it with.
        case cannotRefresh
    }

    /// How long a token must stay valid to be served as it is.
    public var margin: TimeInterval

    public init(margin: TimeInterval = 300) { self.margin = margin }

    /// The last moment a token is served as it is: `margin` before it expires, `.distantFuture` when it does not
    /// expire, `nil` when there is no token yet (`hasAccessToken` is `false`).
    public func freshUntil(expiry: Date?, hasAccessToken: Bool = true) -> Date? {
        guard hasAccessToken else { return nil }
        return expiry.map { $0.addingTimeInterval(-margin) } ?? .distantFuture
    }

    /// - Parameters:
    ///   - hasAccessToken: `false` for a client-credentials connection that has not fetched its first token yet.
    public func decide(
        expiry: Date?, hasAccessToken: Bool = true, unhealthyCode: String?, canRefresh: Bool, lease: RefreshLease?, backoffUntil: Date?,
        now: Date, force: Bool = false
    ) -> Decision {
        if let unhealthyCode { return .unhealthy(code: unhealthyCode) }
        let expiring = freshUntil(expiry: expiry, hasAccessToken: hasAccessToken).map { now > $0 } ?? true
        guard force || expiring else { return .fresh }
        guard canRefresh else { return .cannotRefresh }
        if let backoffUntil, backoffUntil > now, !force { return .backingOff(until: backoffUntil) }
        if let lease, lease.until > now { return .waitForLease(until: lease.until) }
        return .refresh
    }
}

/// Exponential backoff with jitter for transient refresh failures: about 1 s, 2 s, 4 s … up to 5 minutes,
/// each delay drawn between half and all of its step, so replicas do not retry in step.
public struct RetryBackoff: Sendable, Hashable {
    public var base: TimeInterval = 1
    public var cap: TimeInterval = 300

    public init(base: TimeInterval = 1, cap: TimeInterval = 300) {
        self.base = base
        self.cap = cap
    }

    /// The delay before try `attempt + 1`, given a uniform `random` in 0...1.
    public func delay(afterAttempt attempt: Int, random: Double) -> TimeInterval {
        let step = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return step * (0.5 + 0.5 * min(max(random, 0), 1))
    }
}
