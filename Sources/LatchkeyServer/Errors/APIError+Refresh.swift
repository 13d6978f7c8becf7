import Foundation
import Hummingbird
import LatchkeyRefresh

extension APIError {
    /// The answer to a read whose token could not be made fresh.
    static func from(refreshError error: RefreshError, connectionID: String) -> APIError {
        switch error {
        case .unhealthy(let code):
            return APIError(
                status: .unauthorized, code: "connection_unhealthy",
                message: "connection \(connectionID) needs to be authorized again: the provider answered \(code)")
        case .cannotRefresh:
            return APIError(
                status: .unauthorized, code: "token_expired",
                message: "the access token of connection \(connectionID) has expired and the connection holds no way to refresh it")
        case .unavailable(let code, let retryAfter):
            let seconds = max(1, Int(retryAfter.timeIntervalSinceNow.rounded(.up)))
            return APIError(
                status: .serviceUnavailable, code: "refresh_unavailable",
                message: "the token of connection \(connectionID) could not be refreshed (\(code)); try again in \(seconds) s",
                headers: [.retryAfter: String(seconds)])
        case .notFound:
            return .notFound("connection \(connectionID)")
        }
    }
}
