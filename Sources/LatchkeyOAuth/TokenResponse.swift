import Foundation
import LatchkeyModel

/// A successful token endpoint answer (RFC 6749 section 5.1), read from JSON or form-encoded bodies.
public struct TokenResponse: Sendable, Hashable {
    public var accessToken: String
    public var tokenType: String?
    /// `nil` when the provider sent none: the refresh token already held stays in use.
    public var refreshToken: String?
    public var expiresIn: Double?
    public var refreshTokenExpiresIn: Double?
    public var scope: String?
    public var idToken: String?
    /// Every field of the answer, for the catalog's `keep_token_fields`.
    public var fields: [String: JSONValue]

    /// Reads a token endpoint's answer: a token, or the error that says what to do next.
    public static func process(_ response: IncomingResponse) -> Result<TokenResponse, TokenEndpointError> {
        let fields = parseFields(response)
        let errorCode = fields?["error"]?.stringValue
        if (200..<300).contains(response.status), errorCode == nil {
            guard let fields, let accessToken = fields["access_token"]?.stringValue, !accessToken.isEmpty else {
                return .failure(.malformed("the token endpoint answered \(response.status) without an access_token"))
            }
            return .success(
                TokenResponse(
                    accessToken: accessToken, tokenType: fields["token_type"]?.stringValue, refreshToken: nonEmpty(fields["refresh_token"]),
                    expiresIn: number(fields["expires_in"]), refreshTokenExpiresIn: number(fields["refresh_token_expires_in"]),
                    scope: fields["scope"]?.stringValue, idToken: nonEmpty(fields["id_token"]), fields: fields))
        }
        return .failure(TokenEndpointError.classify(status: response.status, code: errorCode))
    }

    private static func parseFields(_ response: IncomingResponse) -> [String: JSONValue]? {
        if let json = try? WireJSON.decode(JSONValue.self, from: Data(response.body)), let object = json.objectValue {
            return object
        }
        guard let pairs = FormEncoding.decode(String(decoding: response.body, as: UTF8.self)), !pairs.isEmpty else { return nil }
        return Dictionary(pairs.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { first, _ in first })
    }

    private static func nonEmpty(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// `expires_in` as a number, a numeric string, or absent.
    private static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number.isFinite ? number : nil
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        default: nil
        }
    }

    /// The claims of the OpenID Connect ID token. Its signature is not checked: it came straight from the token
    /// endpoint over TLS (OpenID Connect Core 3.1.3.7), and only `email` and `name` are read from it.
    public var idTokenClaims: [String: JSONValue]? {
        guard let idToken else { return nil }
        let parts = idToken.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]) else { return nil }
        return (try? WireJSON.decode(JSONValue.self, from: payload))?.objectValue
    }
}

/// Why a token endpoint gave no token, sorted by what the refresh engine must do about it.
public enum TokenEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `invalid_grant`, `invalid_client`, `unauthorized_client`: the end user must authorize again; retrying cannot help.
    case reauthorizationRequired(code: String)
    /// A 5xx, a 429, `server_error` or `temporarily_unavailable`: try again later.
    case transient(status: Int, code: String?)
    /// Any other refusal, such as `invalid_request` or `invalid_scope`.
    case rejected(status: Int, code: String?)
    /// An answer that is not a token endpoint's.
    case malformed(String)

    static func classify(status: Int, code: String?) -> TokenEndpointError {
        switch code {
        case "invalid_grant", "invalid_client", "unauthorized_client": return .reauthorizationRequired(code: code!)
        case "server_error", "temporarily_unavailable": return .transient(status: status, code: code)
        default: break
        }
        if status >= 500 || status == 429 || status == 408 { return .transient(status: status, code: code) }
        if code == nil, (200..<300).contains(status) { return .malformed("the token endpoint answered \(status) without a token") }
        return .rejected(status: status, code: code)
    }

    /// The stable code stored as a connection's `last_unhealthy_code`.
    public var code: String {
        switch self {
        case .reauthorizationRequired(let code): code
        case .transient(_, let code): code ?? "provider_unavailable"
        case .rejected(let status, let code): code ?? "http_\(status)"
        case .malformed: "malformed_token_response"
        }
    }

    public var description: String {
        switch self {
        case .reauthorizationRequired(let code): "the provider refused the grant (\(code)); the end user must authorize again"
        case .transient(let status, let code): "the token endpoint is unavailable (HTTP \(status)\(code.map { ", \($0)" } ?? ""))"
        case .rejected(let status, let code): "the token endpoint refused the request (HTTP \(status)\(code.map { ", \($0)" } ?? ""))"
        case .malformed(let reason): reason
        }
    }
}
