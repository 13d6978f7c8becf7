import Foundation
import Hummingbird
import LatchkeyRefresh

extension APIError {
    /// The answer to a read whose token could not be made fresh.
    static func from(refreshError error: RefreshError) -> APIError {
        switch error {
        case .unhealthy(let code):
            return APIError(
                status: .unauthorized, code: "connection_unhealthy",
                message: "the connection needs to be authorized again: the provider answered \(code)")
        case .cannotRefresh:
            return APIError(
                status: .unauthorized, code: "token_expired",
                message: "the connection's access token has expired and the connection holds no way to refresh it")
        case .unavailable(let code, let retryAfter):
            let seconds = max(1, Int(retryAfter.timeIntervalSinceNow.rounded(.up)))
            return APIError(
                status: .serviceUnavailable, code: "refresh_unavailable",
                message: "the connection's token could not be refreshed (\(code)); try again in \(seconds) s",
                headers: [.retryAfter: String(seconds)])
        case .notFound:
            return .notFound("the connection")
        }
    }
}
