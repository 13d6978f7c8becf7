import Foundation
import LatchkeyModel

/// GitHub-App-style installation tokens: a short-lived JWT issued by the app, exchanged for an installation token.
public enum AppTokenGrant {
    /// The app's JWT: RS256, issued by `appID`, its issued-at backdated 60 seconds for clock drift, valid 10 minutes
    /// from then (GitHub's limit).
    public static func appJWT(appID: String, signer: JSONWebTokenSigner, now: Date) async throws -> String {
        let issuedAt = Int64(now.timeIntervalSince1970) - 60
        return try await signer.sign(["iss": .string(appID), "iat": .integer(issuedAt), "exp": .integer(issuedAt + 600)])
    }

    /// The exchange: `POST token_url` with the app's JWT as a bearer token and the entry's headers.
    public static func request(tokenURL: String, appJWT: String, settings: AppTokenSettings) -> OutgoingRequest {
        var headers = Dictionary(uniqueKeysWithValues: settings.headers.map { ($0.key.lowercased(), $0.value) })
        headers["authorization"] = "Bearer " + appJWT
        return OutgoingRequest(method: "POST", url: tokenURL, headers: headers)
    }

    /// The installation token and its expiry (an RFC 3339 instant), as a token response.
    public static func process(_ response: IncomingResponse, settings: AppTokenSettings, now: Date) -> Result<TokenResponse, TokenEndpointError> {
        let object = (try? JSONReader.value(from: response.body))?.objectValue
        guard (200..<300).contains(response.status) else {
            if response.status == 401 || response.status == 404 {
                return .failure(.reauthorizationRequired(code: "app_token_refused_\(response.status)"))
            }
            return .failure(TokenEndpointError.classify(status: response.status, code: nil))
        }
        guard let object, let token = object[settings.tokenField]?.stringValue, !token.isEmpty else {
            return .failure(.malformed("the token endpoint answered \(response.status) without \(settings.tokenField)"))
        }
        let expiresIn = object[settings.expiresAtField]?.stringValue.flatMap(WireDate.parse).map { $0.timeIntervalSince(now) }
        return .success(
            TokenResponse(
                accessToken: token, tokenType: "bearer", refreshToken: nil, expiresIn: expiresIn, refreshTokenExpiresIn: nil, scope: nil,
                idToken: nil, fields: object))
    }
}

/// The JWT bearer grant (RFC 7523 section 2.1): a signed assertion exchanged for an access token.
public enum JWTBearerGrant {
    public static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    /// The assertion (section 3): issued by `issuer` about `subject` for `audience`, valid `lifetime` seconds, with a
    /// unique `jti`; `scopes` go in a `scope` claim, as Google's service accounts expect.
    public static func assertion(
        issuer: String, subject: String, audience: String, scopes: [String], signer: JSONWebTokenSigner, now: Date,
        lifetime: Int64 = 3600, keyID: String? = nil
    ) async throws -> String {
        let issuedAt = Int64(now.timeIntervalSince1970)
        var claims: [String: JSONValue] = [
            "iss": .string(issuer), "sub": .string(subject), "aud": .string(audience), "iat": .integer(issuedAt),
            "exp": .integer(issuedAt + lifetime), "jti": .string(UUID().uuidString),
        ]
        if !scopes.isEmpty { claims["scope"] = .string(scopes.joined(separator: " ")) }
        return try await signer.sign(claims, keyID: keyID)
    }

    /// The token request: `grant_type` and `assertion` in a form body.
    public static func request(tokenURL: String, assertion: String) -> OutgoingRequest {
        OutgoingRequest(
            method: "POST", url: tokenURL, headers: ["content-type": "application/x-www-form-urlencoded", "accept": "application/json"],
            body: Array(FormEncoding.encode([("grant_type", grantType), ("assertion", assertion)]).utf8))
    }
}
