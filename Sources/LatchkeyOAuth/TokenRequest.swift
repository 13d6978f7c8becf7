import Foundation
import LatchkeyModel

/// The client's identity at a token endpoint.
public struct OAuthClient: Sendable, Hashable {
    public var id: String
    public var secret: String?
    public var authentication: OAuth2Settings.ClientAuthentication

    public init(id: String, secret: String?, authentication: OAuth2Settings.ClientAuthentication) {
        self.id = id
        self.secret = secret
        self.authentication = authentication
    }
}

/// How a token endpoint wants its requests: the body's format and extra headers (`OAuth2Settings`).
public struct TokenEndpointStyle: Sendable, Hashable {
    public var body: OAuth2Settings.TokenBody
    public var headers: [String: String]

    public init(body: OAuth2Settings.TokenBody = .form, headers: [String: String] = [:]) {
        self.body = body
        self.headers = headers
    }
}

extension OAuth2Settings {
    public var tokenEndpointStyle: TokenEndpointStyle { TokenEndpointStyle(body: tokenBody, headers: tokenHeaders) }
}

/// Token endpoint requests (RFC 6749 sections 4.1.3, 4.4.2 and 6), built as plain values.
public enum TokenRequest {
    /// Exchanges an authorization code, with the PKCE verifier when the flow used one.
    public static func authorizationCode(
        _ code: String, redirectURI: String, verifier: String?, client: OAuthClient, tokenURL: String, extra: [String: String] = [:],
        style: TokenEndpointStyle = TokenEndpointStyle()
    ) -> OutgoingRequest {
        var parameters = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI)]
        if let verifier { parameters.append(("code_verifier", verifier)) }
        return request(parameters, client: client, url: tokenURL, extra: extra, style: style)
    }

    /// Trades a refresh token for a new access token.
    public static func refresh(
        _ refreshToken: String, client: OAuthClient, tokenURL: String, scopes: [String]? = nil, scopeSeparator: String = " ",
        extra: [String: String] = [:], style: TokenEndpointStyle = TokenEndpointStyle()
    ) -> OutgoingRequest {
        var parameters = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        if let scopes, !scopes.isEmpty { parameters.append(("scope", scopes.joined(separator: scopeSeparator))) }
        return request(parameters, client: client, url: tokenURL, extra: extra, style: style)
    }

    /// Asks for a token for the client itself.
    public static func clientCredentials(
        client: OAuthClient, tokenURL: String, scopes: [String] = [], scopeSeparator: String = " ", extra: [String: String] = [:],
        style: TokenEndpointStyle = TokenEndpointStyle()
    ) -> OutgoingRequest {
        var parameters = [("grant_type", "client_credentials")]
        if !scopes.isEmpty { parameters.append(("scope", scopes.joined(separator: scopeSeparator))) }
        return request(parameters, client: client, url: tokenURL, extra: extra, style: style)
    }

    /// Revokes a token (RFC 7009).
    public static func revocation(_ token: String, hint: String, client: OAuthClient, revokeURL: String) -> OutgoingRequest {
        request([("token", token), ("token_type_hint", hint)], client: client, url: revokeURL, extra: [:], style: TokenEndpointStyle())
    }

    private static func request(
        _ parameters: [(String, String)], client: OAuthClient, url: String, extra: [String: String], style: TokenEndpointStyle
    ) -> OutgoingRequest {
        var parameters = parameters + extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var headers = ["accept": "application/json"]
        for (name, value) in style.headers { headers[name.lowercased()] = value }
        switch client.authentication {
        case .clientSecretBasic where client.secret != nil:
            let credentials = FormEncoding.escape(client.id) + ":" + FormEncoding.escape(client.secret ?? "")
            headers["authorization"] = "Basic " + Data(credentials.utf8).base64EncodedString()
        case .clientSecretBasic:
            parameters.append(("client_id", client.id))
        case .clientSecretPost:
            parameters.append(("client_id", client.id))
            if let secret = client.secret { parameters.append(("client_secret", secret)) }
        }
        switch style.body {
        case .form:
            headers["content-type"] = "application/x-www-form-urlencoded"
            return OutgoingRequest(method: "POST", url: url, headers: headers, body: Array(FormEncoding.encode(parameters).utf8))
        case .json:
            headers["content-type"] = "application/json"
            var writer = JSONWriter()
            JSONValue.object(Dictionary(parameters.map { ($0.0, JSONValue.string($0.1)) }) { _, last in last }).write(to: &writer)
            return OutgoingRequest(method: "POST", url: url, headers: headers, body: writer.bytes)
        }
    }
}
