extension ConnectionAuth: JSONWritable {
    /// Writes the fields that are set, in the order of `fieldNames`.
    public func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("access_token", accessToken)
            object.field("api_url", apiURL)
            object.field("app_id", appID)
            object.field("authorize_url", authorizeURL)
            object.field("client_id", clientID)
            object.field("client_secret", clientSecret)
            object.field("consumer_key", consumerKey)
            object.field("consumer_secret", consumerSecret)
            object.field("emails", emails)
            object.field("expires_in", expiresIn)
            object.field("expiry_date", expiryDate)
            object.field("key", key)
            if let meta { object.member("meta") { JSONValue.write(meta, to: &$0) } }
            object.field("name", name)
            object.field("other_auth_info", otherAuthInfo)
            object.field("pem", pem)
            object.field("refresh_token", refreshToken)
            object.field("state", state)
            object.field("token", token)
            object.field("token_url", tokenURL)
            object.field("refresh_token_expires_in", refreshTokenExpiresIn)
            object.field("refresh_token_expires_date", refreshTokenExpiresDate)
            object.field("refresh_url", refreshURL)
            object.field("dev_api_key", devAPIKey)
            object.field("user_id", userID)
            object.field("audience", audience)
        }
    }
}
