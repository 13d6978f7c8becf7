import Foundation

/// The three-legged flow of OAuth 1.0a (RFC 5849 section 2): temporary credentials, the end user's authorization,
/// token credentials. Requests are built and answers read without a transport.
public enum OAuth1Flow {
    /// A token and its secret, temporary or final, with any other parameters the provider answered (such as a user id).
    public struct Credentials: Sendable, Hashable {
        public var token: String
        public var secret: String
        public var extra: [String: String]

        public init(token: String, secret: String, extra: [String: String] = [:]) {
            self.token = token
            self.secret = secret
            self.extra = extra
        }
    }

    /// The temporary-credential request (section 2.1), signed by the consumer, naming where the end user comes back.
    public static func temporaryCredentialsRequest(url: String, consumer: OAuth1Signer, callback: String) throws -> OutgoingRequest {
        var request = OutgoingRequest(
            method: "POST", url: url, headers: ["content-type": "application/x-www-form-urlencoded", "accept": "application/x-www-form-urlencoded"])
        try consumer.sign(&request, extraParameters: [("oauth_callback", callback)])
        return request
    }

    /// Where to send the end user (section 2.2): `authorizeURL` with `oauth_token` added to its query.
    public static func authorizationURL(_ authorizeURL: String, temporaryToken: String) -> String {
        authorizeURL + (authorizeURL.contains("?") ? "&" : "?") + "oauth_token=" + FormEncoding.escape(temporaryToken)
    }

    /// The token request (section 2.3): signed with the consumer and the temporary credentials, with the verifier.
    public static func tokenCredentialsRequest(
        url: String, consumer: OAuth1Signer, temporary: Credentials, verifier: String
    ) throws -> OutgoingRequest {
        var signer = consumer
        signer.token = temporary.token
        signer.tokenSecret = temporary.secret
        var request = OutgoingRequest(
            method: "POST", url: url, headers: ["content-type": "application/x-www-form-urlencoded", "accept": "application/x-www-form-urlencoded"])
        try signer.sign(&request, extraParameters: [("oauth_verifier", verifier)])
        return request
    }

    /// The credentials in a provider's form-encoded answer; temporary credentials must confirm the callback.
    public static func credentials(from response: IncomingResponse, confirmingCallback: Bool = false) -> Result<Credentials, TokenEndpointError> {
        let pairs = FormEncoding.decode(String(decoding: response.body, as: UTF8.self)) ?? []
        var values: [String: String] = [:]
        for (name, value) in pairs where values[name] == nil { values[name] = value }
        guard (200..<300).contains(response.status) else {
            let problem = values["oauth_problem"].map { String($0.prefix(64).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) }
            if response.status == 401, problem == nil || problem == "token_rejected" || problem == "token_expired" || problem == "token_revoked" {
                return .failure(.reauthorizationRequired(code: problem ?? "invalid_token"))
            }
            return .failure(TokenEndpointError.classify(status: response.status, code: problem))
        }
        guard let token = values["oauth_token"], !token.isEmpty, let secret = values["oauth_token_secret"] else {
            return .failure(.malformed("the provider answered without oauth_token and oauth_token_secret"))
        }
        if confirmingCallback && values["oauth_callback_confirmed"] != "true" {
            return .failure(.malformed("the provider did not confirm the callback (oauth_callback_confirmed)"))
        }
        let extra = values.filter { !["oauth_token", "oauth_token_secret", "oauth_callback_confirmed"].contains($0.key) }
        return .success(Credentials(token: token, secret: secret, extra: extra))
    }
}
