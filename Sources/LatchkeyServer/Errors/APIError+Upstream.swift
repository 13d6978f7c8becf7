import LatchkeyModel

/// The errors of a passthrough call whose upstream did not answer, the same from the route and the relay.
extension APIError {
    static func unreachable(_ integration: Integration) -> APIError {
        APIError(status: .badGateway, code: "upstream_unreachable", message: "\(integration.name) cannot be reached")
    }

    static func upstreamTimeout(_ integration: Integration, after limit: Duration) -> APIError {
        APIError(
            status: .gatewayTimeout, code: "upstream_timeout",
            message: "\(integration.name) did not answer within \(limit.components.seconds) seconds")
    }

    /// Credentials obtained after a refusal that cannot be applied where the call is relayed.
    static let credentialsNotApplicable = APIError(
        status: .unprocessableContent, code: "credentials_not_applicable", message: "the refreshed credentials cannot be applied to the call")
}
