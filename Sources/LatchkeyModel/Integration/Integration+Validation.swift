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
        if let oauth2 = auth.oauth2 {
            issues += oauth2.validationIssues(prefix: "auth.oauth2.")
            issues += oauth2.apply?.validationIssues(prefix: "auth.oauth2.apply.") ?? []
        }
        if let oauth1 = auth.oauth1 { issues += oauth1.validationIssues(prefix: "auth.oauth1.") }
        issues += enteredCredentialIssues()
        if let app = auth.app, !Self.isURLTemplate(app.tokenURL) {
            issues.append(FieldIssue(field: "auth.app.token_url", message: "must be an absolute http(s) URL"))
        }
        if let jwtBearer = auth.jwtBearer {
            if let url = jwtBearer.tokenURL, !Self.isURLTemplate(url) {
                issues.append(FieldIssue(field: "auth.jwt_bearer.token_url", message: "must be an absolute http(s) URL"))
            }
            if !["RS256", "ES256"].contains(jwtBearer.algorithm) {
                issues.append(FieldIssue(field: "auth.jwt_bearer.algorithm", message: "must be RS256 or ES256"))
            }
        }
        if let retry = passthrough?.retry {
            if !(1...5).contains(retry.retries) {
                issues.append(FieldIssue(field: "passthrough.retry.retries", message: "must be between 1 and 5"))
            }
            if !(0...60).contains(retry.maxDelaySeconds) {
                issues.append(FieldIssue(field: "passthrough.retry.max_delay_seconds", message: "must be between 0 and 60"))
            }
            if retry.statuses.isEmpty || !retry.statuses.allSatisfy({ $0 == 408 || $0 == 429 || (500...599).contains($0) }) {
                issues.append(FieldIssue(field: "passthrough.retry.statuses", message: "must list 408, 429 or 5xx statuses"))
            }
        }
        if auth.kinds.isEmpty { issues.append(FieldIssue(field: "auth", message: "must set at least one way to authenticate")) }
        return issues
    }

    private func enteredCredentialIssues() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let names = tokenNames ?? []
        for kind in [AuthKind.token, .basic, .other] {
            guard let settings = auth.enteredCredentials(kind) else { continue }
            let prefix = "auth.\(kind.rawValue)."
            issues += settings.apply?.validationIssues(prefix: prefix + "apply.") ?? []
            if kind == .other && settings.apply == nil {
                issues.append(FieldIssue(field: prefix + "apply", message: "is required: other credentials have no default placement"))
            }
            if kind == .other && names.isEmpty {
                issues.append(FieldIssue(field: "token_names", message: "must name the values of other credentials"))
            }
            if kind == .basic && settings.apply == nil && names.count < 2 {
                issues.append(FieldIssue(field: "token_names", message: "must name the user name and the password of basic credentials"))
            }
            if let verify = settings.verify, !verify.path.hasPrefix("/") && !Self.isURLTemplate(verify.path) {
                issues.append(FieldIssue(field: prefix + "verify.path", message: "must start with / or be an absolute http(s) URL"))
            }
        }
        return issues
    }

    /// Whether `text` is an absolute http(s) URL once its `{placeholders}` are filled.
    static func isURLTemplate(_ text: String) -> Bool {
        let filled = text.replacingOccurrences(of: #"\{[^{}/]+\}"#, with: "placeholder", options: .regularExpression)
        return ConnectionAuth.isAbsoluteHTTPURL(filled)
    }
}

extension OAuth1Settings {
    func validationIssues(prefix: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        for (field, url) in [("request_token_url", requestTokenURL), ("authorize_url", authorizeURL), ("access_token_url", accessTokenURL)]
        where !Integration.isURLTemplate(url) {
            issues.append(FieldIssue(field: prefix + field, message: "must be an absolute http(s) URL"))
        }
        if !Self.signatureMethods.contains(signatureMethod) {
            issues.append(
                FieldIssue(field: prefix + "signature_method", message: "must be one of \(Self.signatureMethods.sorted().joined(separator: ", "))"))
        }
        issues += apply?.validationIssues(prefix: prefix + "apply.") ?? []
        return issues
    }
}

extension CredentialPlacement {
    func validationIssues(prefix: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if bearer == nil && (header ?? [:]).isEmpty && (query ?? [:]).isEmpty && basic == nil && oauth1 == nil && jwt == nil {
            issues.append(FieldIssue(field: String(prefix.dropLast()), message: "must place the credentials somewhere"))
        }
        for name in (header ?? [:]).keys.sorted() where !HeaderText.isName(name) {
            issues.append(FieldIssue(field: prefix + "header", message: "has a header name that is not a token: \(name)"))
        }
        if let jwt, !["RS256", "ES256", "HS256"].contains(jwt.algorithm) {
            issues.append(FieldIssue(field: prefix + "jwt.algorithm", message: "must be RS256, ES256 or HS256"))
        }
        if let jwt, !(1...86_400).contains(jwt.lifetimeSeconds) {
            issues.append(FieldIssue(field: prefix + "jwt.lifetime_seconds", message: "must be between 1 and 86400"))
        }
        if let method = oauth1?.signatureMethod, !OAuth1Settings.signatureMethods.contains(method) {
            issues.append(
                FieldIssue(
                    field: prefix + "oauth1.signature_method",
                    message: "must be one of \(OAuth1Settings.signatureMethods.sorted().joined(separator: ", "))"))
        }
        return issues
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
        for (name, value) in tokenHeaders.sorted(by: { $0.key < $1.key }) {
            if !HeaderText.isName(name) {
                issues.append(FieldIssue(field: prefix + "token_headers", message: "has a header name that is not a token: \(name)"))
            } else if ["authorization", "content-type", "content-length", "host"].contains(name.lowercased()) {
                issues.append(FieldIssue(field: prefix + "token_headers." + name, message: "is set by Latchkey"))
            } else if HeaderText.breaksLine(value) {
                issues.append(FieldIssue(field: prefix + "token_headers." + name, message: "must not hold a line break"))
            }
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
