extension ConnectionAuth {
    /// The values `{placeholders}` of catalog templates may name: the strings of `meta`; the integration's
    /// `token_names` (and their positions, `{0}`, `{1}` …) for the `other_auth_info` values in that order; and every
    /// string `auth` field by its wire name, which wins over the others.
    public func templateValues(tokenNames: [String]? = nil) -> [String: String] {
        var values = (meta ?? [:]).compactMapValues(\.stringValue)
        for (index, value) in (otherAuthInfo ?? []).enumerated() {
            values[String(index)] = value
            if let names = tokenNames, index < names.count { values[names[index]] = value }
        }
        let fields: [(String, String?)] = [
            ("access_token", accessToken), ("api_url", apiURL), ("app_id", appID), ("client_id", clientID), ("client_secret", clientSecret),
            ("consumer_key", consumerKey), ("consumer_secret", consumerSecret), ("key", key), ("name", name), ("pem", pem),
            ("refresh_token", refreshToken), ("token", token), ("token_url", tokenURL), ("dev_api_key", devAPIKey), ("user_id", userID),
            ("audience", audience),
        ]
        for case (let name, let value?) in fields { values[name] = value }
        return values
    }
}
