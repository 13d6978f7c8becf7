import Foundation

/// The credentials of one connection: the `auth` object of Unified's connection API, field for field.
///
/// Every field is optional; which ones a connection uses depends on how its integration authenticates
/// (see the README's table of auth kinds). Absent fields are left out of the JSON, never written as `null`.
public struct ConnectionAuth: Sendable, Hashable {
    public var accessToken: String?
    public var apiURL: String?
    public var appID: String?
    public var authorizeURL: String?
    public var clientID: String?
    public var clientSecret: String?
    public var consumerKey: String?
    public var consumerSecret: String?
    public var emails: [String]?
    /// Seconds the access token was granted for, as the token endpoint said.
    public var expiresIn: Double?
    /// When the access token stops working.
    public var expiryDate: Date?
    public var key: String?
    /// Anything else worth keeping about the connection, kept exactly as given.
    public var meta: [String: JSONValue]?
    public var name: String?
    /// The credentials of an "other" integration, in the order of the integration's `token_names`.
    public var otherAuthInfo: [String]?
    public var pem: String?
    public var refreshToken: String?
    public var state: String?
    public var token: String?
    public var tokenURL: String?
    public var refreshTokenExpiresIn: Double?
    public var refreshTokenExpiresDate: Date?
    public var refreshURL: String?
    public var devAPIKey: String?
    public var userID: String?
    public var audience: String?

    public init() {}

    /// Every wire name, in the order of the seed followed by the fields Unified added later.
    public static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accessToken = "access_token"
        case apiURL = "api_url"
        case appID = "app_id"
        case authorizeURL = "authorize_url"
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case consumerKey = "consumer_key"
        case consumerSecret = "consumer_secret"
        case emails
        case expiresIn = "expires_in"
        case expiryDate = "expiry_date"
        case key
        case meta
        case name
        case otherAuthInfo = "other_auth_info"
        case pem
        case refreshToken = "refresh_token"
        case state
        case token
        case tokenURL = "token_url"
        case refreshTokenExpiresIn = "refresh_token_expires_in"
        case refreshTokenExpiresDate = "refresh_token_expires_date"
        case refreshURL = "refresh_url"
        case devAPIKey = "dev_api_key"
        case userID = "user_id"
        case audience
    }
}

extension ConnectionAuth: Codable {
    public init(from decoder: any Decoder) throws {
        let members = try decoder.singleValueContainer().decode([String: JSONValue].self)
        try self.init(wireObject: members, codingPath: decoder.codingPath)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(accessToken, forKey: .accessToken)
        try container.encodeIfPresent(apiURL, forKey: .apiURL)
        try container.encodeIfPresent(appID, forKey: .appID)
        try container.encodeIfPresent(authorizeURL, forKey: .authorizeURL)
        try container.encodeIfPresent(clientID, forKey: .clientID)
        try container.encodeIfPresent(clientSecret, forKey: .clientSecret)
        try container.encodeIfPresent(consumerKey, forKey: .consumerKey)
        try container.encodeIfPresent(consumerSecret, forKey: .consumerSecret)
        try container.encodeIfPresent(emails, forKey: .emails)
        try container.encodeIfPresent(expiresIn, forKey: .expiresIn)
        try container.encodeWireDateIfPresent(expiryDate, forKey: .expiryDate)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encodeIfPresent(meta, forKey: .meta)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(otherAuthInfo, forKey: .otherAuthInfo)
        try container.encodeIfPresent(pem, forKey: .pem)
        try container.encodeIfPresent(refreshToken, forKey: .refreshToken)
        try container.encodeIfPresent(state, forKey: .state)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encodeIfPresent(tokenURL, forKey: .tokenURL)
        try container.encodeIfPresent(refreshTokenExpiresIn, forKey: .refreshTokenExpiresIn)
        try container.encodeWireDateIfPresent(refreshTokenExpiresDate, forKey: .refreshTokenExpiresDate)
        try container.encodeIfPresent(refreshURL, forKey: .refreshURL)
        try container.encodeIfPresent(devAPIKey, forKey: .devAPIKey)
        try container.encodeIfPresent(userID, forKey: .userID)
        try container.encodeIfPresent(audience, forKey: .audience)
    }
}

extension ConnectionAuth: CustomStringConvertible, CustomDebugStringConvertible {
    /// Names the fields that are set, never their values, so that logging an auth object leaks nothing.
    public var description: String {
        let present = Mirror(reflecting: self).children.compactMap { child in
            (child.value as? any OptionalProtocol)?.isNone == false ? child.label : nil
        }
        return "ConnectionAuth(set: \(present.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }
}

private protocol OptionalProtocol {
    var isNone: Bool { get }
}

extension Optional: OptionalProtocol {
    fileprivate var isNone: Bool { self == nil }
}
