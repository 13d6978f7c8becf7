import Foundation

extension Integration {
    /// What makes no sense in this entry, each with its field; empty when the entry can be served.
    public func validationIssues() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if type.isEmpty || !type.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_" }) || !type.allSatisfy(\.isASCII) {
            issues.append(FieldIssue(field: "type", message: "must be a slug of lowercase letters, digits, - and _"))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(FieldIssue(field: "name", message: "must not be empty"))
        }
        for (field, url) in [("api_url", apiURL), ("docs_url", docsURL), ("web_url", webURL), ("logo_url", logoURL)] {
            if let url, !Self.isURLTemplate(url) { issues.append(FieldIssue(field: field, message: "must be an absolute http(s) URL")) }
        }
        if let tokenInstructions, let tokenNames, tokenInstructions.count > tokenNames.count {
            issues.append(FieldIssue(field: "token_instructions", message: "has more entries than token_names"))
        }
        if let oauth2 = auth.oauth2 { issues += oauth2.validationIssues(prefix: "auth.oauth2.") }
        return issues
    }

    /// Whether `text` is an absolute http(s) URL once its `{placeholders}` are filled.
    static func isURLTemplate(_ text: String) -> Bool {
        let filled = text.replacingOccurrences(of: #"\{[^{}/]+\}"#, with: "placeholder", options: .regularExpression)
        return ConnectionAuth.isAbsoluteHTTPURL(filled)
    }
}

extension OAuth2Settings {
    func validationIssues(prefix: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let urls = [("authorize_url", authorizeURL), ("token_url", tokenURL), ("refresh_url", refreshURL), ("revoke_url", revokeURL)]
        for (field, url) in urls {
            if let url, !Integration.isURLTemplate(url) {
                issues.append(FieldIssue(field: prefix + field, message: "must be an absolute http(s) URL"))
            }
        }
        if let keepaliveDays, keepaliveDays < 1 {
            issues.append(FieldIssue(field: prefix + "keepalive_days", message: "must be at least 1"))
        }
        if grants.isEmpty {
            issues.append(FieldIssue(field: prefix + "grants", message: "must name at least one grant"))
        }
        if grants.contains(.authorizationCode) && authorizeURL == nil {
            issues.append(FieldIssue(field: prefix + "authorize_url", message: "is required for the authorization_code grant"))
        }
        for (source, target) in keepTokenFields.sorted(by: { $0.key < $1.key }) where !Self.isKeepTarget(target) {
            issues.append(FieldIssue(field: prefix + "keep_token_fields." + source, message: "must name an auth field or meta.NAME"))
        }
        for (source, target) in keepCallbackParameters.sorted(by: { $0.key < $1.key }) where !Self.isKeepTarget(target) {
            issues.append(FieldIssue(field: prefix + "keep_callback_parameters." + source, message: "must name an auth field or meta.NAME"))
        }
        return issues
    }

    /// An auth field's wire name, or `meta.NAME`.
    static func isKeepTarget(_ target: String) -> Bool {
        if target.hasPrefix("meta.") { return target.count > "meta.".count }
        return ConnectionAuth.fieldNames.contains(target) && target != "meta"
    }
}
