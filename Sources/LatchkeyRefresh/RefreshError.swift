import Foundation

/// Why a connection could not be given a token that stays valid for the margin.
public enum RefreshError: Error, Sendable, Hashable {
    /// The provider refused the grant (`invalid_grant`, `invalid_client`, …); the end user must authorize again.
    case unhealthy(code: String)
    /// The token has expired and the connection holds nothing to refresh it with.
    case cannotRefresh
    /// The provider is failing transiently; the next try is not before `retryAfter`.
    case unavailable(code: String, retryAfter: Date)
    /// The connection does not exist (any more).
    case notFound
}
