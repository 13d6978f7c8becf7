extension Integration {
    /// The kind of credentials an end user types in for this integration, if it takes any: its first of token, basic
    /// and other.
    public var enteredKind: AuthKind? { auth.kinds.first(where: \.isEntered) }

    /// What `auth` lacks as credentials of this integration, when they are of a kind the end user types in: `token`
    /// (or `key`) for API keys, and a value in `other_auth_info` for each of `token_names` for basic and other.
    /// Empty for other kinds, which the authorization flows fill.
    public func credentialIssues(_ auth: ConnectionAuth?) -> [FieldIssue] {
        let auth = auth ?? ConnectionAuth()
        guard let kind = auth.kind(in: self.auth), kind.isEntered else { return [] }
        if kind == .token {
            guard (auth.token ?? auth.key ?? "").isEmpty else { return [] }
            let label = tokenNames?.first.map { " (\($0))" } ?? ""
            return [FieldIssue(field: "auth.token", message: "is required: \(name) authenticates with an API key\(label)")]
        }
        let values = auth.otherAuthInfo ?? []
        return (tokenNames ?? []).enumerated().compactMap { index, tokenName in
            guard index >= values.count || values[index].isEmpty else { return nil }
            return FieldIssue(field: "auth.other_auth_info[\(index)]", message: "must hold \(tokenName), which \(name) requires")
        }
    }

    /// The auth of a connection made from values entered in the order of `token_names`: API keys keep the first in
    /// `token` (and all of them in `other_auth_info` when there are several); basic and other keep them in
    /// `other_auth_info`.
    public func enteredAuth(kind: AuthKind, values: [String]) -> ConnectionAuth {
        var auth = ConnectionAuth()
        if kind == .token {
            auth.token = values.first
            if values.count > 1 { auth.otherAuthInfo = values }
        } else {
            auth.otherAuthInfo = values
        }
        return auth
    }
}
