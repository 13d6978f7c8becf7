import LatchkeyModel

/// Where a connection's API calls go: its own `auth.api_url` (Salesforce's instance URL, say), else the
/// integration's `api_url`, with `{placeholders}` filled from the connection's values by `URLTemplate`.
public enum APIBase {
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case none(integrationType: String)
        case missingValue(placeholder: String)
        case unsafe

        public var description: String {
            switch self {
            case .none(let type): "integration \(type) has no api_url"
            case .missingValue(let placeholder): "the API base needs a value for {\(placeholder)}"
            case .unsafe: "the API base is not an absolute http(s) URL on a plain host name"
            }
        }
    }

    public static func url(for auth: ConnectionAuth?, integration: Integration) throws(Failure) -> String {
        let auth = auth ?? ConnectionAuth()
        guard let template = auth.apiURL ?? integration.apiURL else { throw .none(integrationType: integration.type) }
        do {
            return try URLTemplate.fill(template, values: auth.templateValues(tokenNames: integration.tokenNames))
        } catch let missing as URLTemplate.MissingValue {
            throw .missingValue(placeholder: missing.placeholder)
        } catch {
            throw .unsafe
        }
    }
}
