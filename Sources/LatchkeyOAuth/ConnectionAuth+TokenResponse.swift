import Foundation
import LatchkeyModel

extension ConnectionAuth {
    /// This auth after a successful token response: the new access token and its expiry, a rotated refresh token
    /// (the old one stays when the answer has none), the granted scope in `meta.scope`, identity from the ID token,
    /// and the fields the integration
    /// keeps (`keep_token_fields`: an auth field by wire name, or `meta.NAME`).
    public func applying(_ response: TokenResponse, now: Date, keeping keep: [String: String] = [:]) -> ConnectionAuth {
        var auth = self
        auth.accessToken = response.accessToken
        if let refreshToken = response.refreshToken { auth.refreshToken = refreshToken }
        auth.expiresIn = response.expiresIn
        auth.expiryDate = response.expiresIn.map { WireDate.truncated(now.addingTimeInterval($0)) }
        if let refreshExpiresIn = response.refreshTokenExpiresIn {
            auth.refreshTokenExpiresIn = refreshExpiresIn
            auth.refreshTokenExpiresDate = WireDate.truncated(now.addingTimeInterval(refreshExpiresIn))
        }
        if let scope = response.scope {
            var meta = auth.meta ?? [:]
            meta["scope"] = .string(scope)
            auth.meta = meta
        }
        if let claims = response.idTokenClaims {
            if let email = claims["email"]?.stringValue { auth.emails = [email] }
            if let name = claims["name"]?.stringValue { auth.name = name }
            if auth.userID == nil, let subject = claims["sub"]?.stringValue { auth.userID = subject }
        }
        return auth.keeping(response.fields, as: keep)
    }

    /// This auth with `values[source]` stored at each target of `keep`: an auth field by its wire name, or `meta.NAME`.
    /// Values that do not fit their field (an object for `api_url`) are left out.
    public func keeping(_ values: [String: JSONValue], as keep: [String: String]) -> ConnectionAuth {
        guard !keep.isEmpty, case .object(var members)? = try? WireJSON.decode(JSONValue.self, from: WireJSON.encode(self)) else { return self }
        var meta = members["meta"]?.objectValue ?? [:]
        for (source, target) in keep.sorted(by: { $0.key < $1.key }) {
            guard let value = values[source], value != .null else { continue }
            if target.hasPrefix("meta.") {
                meta[String(target.dropFirst("meta.".count))] = value
            } else if case .string = value {
                members[target] = value
            }
        }
        if !meta.isEmpty { members["meta"] = .object(meta) }
        return (try? WireJSON.decode(ConnectionAuth.self, from: WireJSON.encode(JSONValue.object(members)))) ?? self
    }
}
