import Foundation
import LatchkeyModel

/// The one code path that puts a connection's credentials on a request to its integration's API: a bearer header,
/// named headers, query parameters, HTTP Basic or an OAuth 1.0a signature, as the integration's entry places them.
/// Every consumer (passthrough, verification of entered credentials, the CLI) applies credentials through it.
public enum CredentialApplier {
    /// Why credentials cannot be applied. Messages name fields and placeholders, never values.
    public enum ApplyError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The connection's fields fit none of the integration's auth kinds.
        case unknownKind(integrationType: String)
        /// The kind has no default placement and the entry gives none.
        case noPlacement(AuthKind)
        /// A template names a value the connection does not hold.
        case missingValue(placeholder: String)
        /// A filled value holds a line break or NUL, which would split the header.
        case unsafeValue(placeholder: String)
        case signing(OAuth1Signer.SigningError)

        public var description: String {
            switch self {
            case .unknownKind(let type): "the connection's auth fits none of the ways \(type) authenticates"
            case .noPlacement(let kind): "the integration does not say where \(kind.rawValue) credentials go (auth.\(kind.rawValue).apply)"
            case .missingValue(let placeholder): "the connection has no value for {\(placeholder)}"
            case .unsafeValue(let placeholder): "the value of {\(placeholder)} holds a line break or NUL"
            case .signing(let error): error.description
            }
        }
    }

    /// Applies `auth` to `request` as `integration` places credentials of its kind. `app` is the workspace's app for the
    /// integration: an OAuth 1.0a connection authorized through it keeps only the consumer key, and the secret stays
    /// with the app.
    public static func apply(
        _ auth: ConnectionAuth, integration: Integration, kind: AuthKind? = nil, app: IntegrationApp? = nil, to request: inout OutgoingRequest,
        nonce: String? = nil, timestamp: Int? = nil, now: Date = Date()
    ) async throws {
        let (placement, auth, values) = try prepare(auth, integration: integration, kind: kind, app: app)
        try await apply(
            placement, auth: auth, values: values, oauth1: integration.auth.oauth1, to: &request, nonce: nonce, timestamp: timestamp, now: now)
    }

    /// Applies `auth` as `apply` does, without suspending, unless its placement signs a JWT for each request; answers
    /// whether it applied them. For callers on an event loop, which fall back to `apply` when this answers `false`.
    public static func applyWithoutSigning(_ auth: ConnectionAuth, integration: Integration, to request: inout OutgoingRequest) throws -> Bool {
        let (placement, auth, values) = try prepare(auth, integration: integration, kind: nil, app: nil)
        guard placement.jwt == nil else { return false }
        try apply(placement, auth: auth, values: values, oauth1: integration.auth.oauth1, signedJWT: nil, to: &request, nonce: nil, timestamp: nil)
        return true
    }

    /// The headers and query parameters `apply` would add to any request, when they are the same for every request:
    /// `nil` when the placement signs each request (OAuth 1.0a, a JWT per request).
    public static func fixedCredentials(_ auth: ConnectionAuth, integration: Integration) throws -> FixedCredentials? {
        let (placement, auth, values) = try prepare(auth, integration: integration, kind: nil, app: nil)
        guard placement.jwt == nil, placement.oauth1 == nil else { return nil }
        var request = OutgoingRequest(method: "GET", url: "")
        try apply(placement, auth: auth, values: values, oauth1: nil, signedJWT: nil, to: &request, nonce: nil, timestamp: nil)
        return FixedCredentials(headers: request.headers, query: request.url.isEmpty ? nil : String(request.url.dropFirst()))
    }

    /// The placement for `auth`'s kind, `auth` with the app's consumer secret when it keeps none, and the values for
    /// the placement's templates.
    private static func prepare(
        _ auth: ConnectionAuth, integration: Integration, kind: AuthKind?, app: IntegrationApp?
    ) throws -> (CredentialPlacement, ConnectionAuth, [String: String]) {
        var auth = auth
        if auth.consumerSecret == nil, let app, auth.consumerKey == nil || auth.consumerKey == app.clientID {
            auth.consumerKey = app.clientID
            auth.consumerSecret = app.clientSecret
        }
        guard let kind = kind ?? auth.kind(in: integration.auth) else { throw ApplyError.unknownKind(integrationType: integration.type) }
        guard let placement = placement(for: kind, in: integration.auth) else { throw ApplyError.noPlacement(kind) }
        return (placement, auth, auth.templateValues(tokenNames: integration.tokenNames))
    }

    /// The placement of `kind`'s credentials: the entry's own, else the kind's default.
    public static func placement(for kind: AuthKind, in auth: IntegrationAuth) -> CredentialPlacement? {
        let declared: CredentialPlacement? =
            switch kind {
            case .oauth2, .oauth2ClientCredentials: auth.oauth2?.apply
            case .app, .jwtBearer: nil
            case .oauth1: auth.oauth1?.apply
            case .token, .basic, .other: auth.enteredCredentials(kind)?.apply
            }
        return declared ?? CredentialPlacement.defaultPlacement(for: kind)
    }

    /// Applies one placement with `values` for its templates; an OAuth 1.0a signature comes last, over the final URL.
    public static func apply(
        _ placement: CredentialPlacement, auth: ConnectionAuth, values: [String: String], oauth1 settings: OAuth1Settings? = nil,
        to request: inout OutgoingRequest, nonce: String? = nil, timestamp: Int? = nil, now: Date = Date()
    ) async throws {
        var jwt: String?
        if let placement = placement.jwt { jwt = try await signedJWT(placement, values: values, now: now) }
        try apply(placement, auth: auth, values: values, oauth1: settings, signedJWT: jwt, to: &request, nonce: nonce, timestamp: timestamp)
    }

    /// Applies one placement whose JWT, if it has one, is already signed.
    private static func apply(
        _ placement: CredentialPlacement, auth: ConnectionAuth, values: [String: String], oauth1 settings: OAuth1Settings?, signedJWT: String?,
        to request: inout OutgoingRequest, nonce: String?, timestamp: Int?
    ) throws {
        if let bearer = placement.bearer {
            request.headers["authorization"] = "Bearer " + (try fill(bearer, values: values))
        }
        for (name, template) in (placement.header ?? [:]).sorted(by: { $0.key < $1.key }) {
            request.headers[name.lowercased()] = try fill(template, values: values)
        }
        if let basic = placement.basic {
            let pair = try fill(basic.username, values: values) + ":" + (try fill(basic.password, values: values))
            request.headers["authorization"] = "Basic " + Data(pair.utf8).base64EncodedString()
        }
        if let jwt = placement.jwt, let signedJWT {
            request.headers[jwt.header.lowercased()] = jwt.prefix + signedJWT
        }
        let query = try (placement.query ?? [:]).sorted(by: { $0.key < $1.key }).map {
            (FormEncoding.escape($0.key), FormEncoding.escape(try fill($0.value, values: values)))
        }
        if !query.isEmpty { FixedCredentials.append(query: query.map { $0.0 + "=" + $0.1 }.joined(separator: "&"), to: &request.url) }
        if let oauth1 = placement.oauth1 {
            let methodName = oauth1.signatureMethod ?? settings?.signatureMethod ?? OAuth1Signer.SignatureMethod.hmacSHA1.rawValue
            guard let method = OAuth1Signer.SignatureMethod(rawValue: methodName) else {
                throw ApplyError.missingValue(placeholder: "signature_method")
            }
            guard let consumerKey = auth.consumerKey else { throw ApplyError.missingValue(placeholder: "consumer_key") }
            let signer = OAuth1Signer(
                consumerKey: consumerKey, consumerSecret: auth.consumerSecret ?? "", token: auth.token, tokenSecret: auth.key,
                signatureMethod: method, privateKeyPEM: auth.pem, realm: settings?.realm)
            do {
                try signer.sign(&request, nonce: nonce, timestamp: timestamp)
            } catch let error as OAuth1Signer.SigningError {
                throw ApplyError.signing(error)
            }
        }
    }

    /// A JWT for one request: string claims filled, `iat` and `exp` added unless given.
    static func signedJWT(_ placement: RequestJWTPlacement, values: [String: String], now: Date) async throws -> String {
        guard let algorithm = JSONWebTokenSigner.Algorithm(rawValue: placement.algorithm) else {
            throw ApplyError.missingValue(placeholder: "algorithm")
        }
        let signer = try await JSONWebTokenSignerCache.shared.signer(
            algorithm: algorithm, key: try fill(placement.key, values: values, allowLineBreaks: true))
        func filled(_ value: JSONValue) throws -> JSONValue {
            switch value {
            case .string(let template): .string(try fill(template, values: values))
            case .array(let elements): .array(try elements.map(filled))
            case .object(let members): .object(try members.mapValues(filled))
            default: value
            }
        }
        var claims = try placement.claims.mapValues(filled)
        let issuedAt = Int64(now.timeIntervalSince1970)
        if claims["iat"] == nil { claims["iat"] = .integer(issuedAt) }
        if claims["exp"] == nil { claims["exp"] = .integer(issuedAt + Int64(placement.lifetimeSeconds)) }
        return try await signer.sign(claims)
    }

    /// `template` with each `{name}` replaced by its value, verbatim, in one pass: a value that itself holds
    /// `{…}` is never read as a placeholder.
    static func fill(_ template: String, values: [String: String], allowLineBreaks: Bool = false) throws -> String {
        var filled = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name] else { throw ApplyError.missingValue(placeholder: name) }
            guard allowLineBreaks || !HeaderText.breaksLine(value) else {
                throw ApplyError.unsafeValue(placeholder: name)
            }
            filled += rest[..<open] + value
            rest = rest[rest.index(after: close)...]
        }
        return filled + rest
    }
}
