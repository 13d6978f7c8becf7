import Foundation

extension ConnectionDraft {
    /// The values that parse but make no sense, each with its field; empty when the draft can be stored.
    public func validationIssues() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if let integrationType = integrationType?.trimmingCharacters(in: .whitespaces), !integrationType.isEmpty {
            if integrationType.count > 100 || integrationType.contains(where: { $0.isWhitespace || $0 == "/" }) {
                issues.append(FieldIssue(field: "integration_type", message: "must be a slug without spaces or slashes, at most 100 characters"))
            }
        } else {
            issues.append(FieldIssue(field: "integration_type", message: "is required"))
        }
        if let environment, environment.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(FieldIssue(field: "environment", message: "must not be empty"))
        }
        for (index, category) in (categories ?? []).enumerated() where category.rawValue.isEmpty {
            issues.append(FieldIssue(field: "categories[\(index)]", message: "must not be empty"))
        }
        for (index, permission) in (permissions ?? []).enumerated() where permission.rawValue.isEmpty {
            issues.append(FieldIssue(field: "permissions[\(index)]", message: "must not be empty"))
        }
        if let auth { issues += auth.validationIssues(prefix: "auth.") }
        return issues
    }
}

extension ConnectionAuth {
    /// The values of this auth object that make no sense: URLs that are not absolute http(s), negative durations.
    public func validationIssues(prefix: String = "") -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let urls: [(String, String?)] = [
            ("api_url", apiURL), ("authorize_url", authorizeURL), ("token_url", tokenURL), ("refresh_url", refreshURL),
        ]
        for (field, value) in urls {
            guard let value else { continue }
            if !Self.isAbsoluteHTTPURL(value) {
                issues.append(FieldIssue(field: prefix + field, message: "must be an absolute http or https URL"))
            }
        }
        for (field, value) in [("expires_in", expiresIn), ("refresh_token_expires_in", refreshTokenExpiresIn)] {
            if let value, value < 0 {
                issues.append(FieldIssue(field: prefix + field, message: "must not be negative"))
            }
        }
        return issues
    }

    /// Whether `text` is an absolute `http` or `https` URL with a host.
    public static func isAbsoluteHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
