/// Credentials that go on every request the same way: headers (names in lowercase) and a query string, worked out
/// once by `CredentialApplier.fixedCredentials` and then applied to each request without filling templates again.
public struct FixedCredentials: Sendable, Hashable {
    public let headers: [String: String]
    /// Encoded `name=value` pairs joined by `&`, appended to the URL's query.
    public let query: String?

    public init(headers: [String: String], query: String?) {
        self.headers = headers
        self.query = query
    }

    /// Puts the credentials on `request` as `CredentialApplier.apply` would: each header replaces the caller's of the
    /// same name, and the query parameters follow the URL's own.
    public func apply(to request: inout OutgoingRequest) {
        for (name, value) in headers { request.headers[name] = value }
        if let query { Self.append(query: query, to: &request.url) }
    }

    static func append(query: String, to url: inout String) {
        url += (url.contains("?") ? "&" : "?") + query
    }
}
