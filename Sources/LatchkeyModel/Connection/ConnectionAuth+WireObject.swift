import Foundation

extension ConnectionAuth {
    /// The auth a JSON object describes, by the wire's rules: the one reading of an `auth` object, used by its
    /// `Decodable` conformance and directly on `JSONReader`'s trees. Unknown members are ignored; a member of the
    /// wrong type throws a `DecodingError` whose coding path is `codingPath` followed by the member's name.
    public init(wireObject members: [String: JSONValue], codingPath: [any CodingKey] = []) throws {
        func path(_ key: CodingKeys) -> [any CodingKey] { codingPath + [key] }
        func string(_ key: CodingKeys) throws -> String? {
            guard let value = members[key.rawValue] else { return nil }
            return try WireValue.string(value, at: path(key))
        }
        func strings(_ key: CodingKeys) throws -> [String]? {
            guard let value = members[key.rawValue] else { return nil }
            return try WireValue.strings(value, at: path(key))
        }
        func number(_ key: CodingKeys) throws -> Double? {
            guard let value = members[key.rawValue] else { return nil }
            return try WireValue.lenientNumber(value, at: path(key))
        }
        func date(_ key: CodingKeys) throws -> Date? {
            guard let value = members[key.rawValue] else { return nil }
            return try WireValue.date(value, at: path(key))
        }
        self.init()
        accessToken = try string(.accessToken)
        apiURL = try string(.apiURL)
        appID = try string(.appID)
        authorizeURL = try string(.authorizeURL)
        clientID = try string(.clientID)
        clientSecret = try string(.clientSecret)
        consumerKey = try string(.consumerKey)
        consumerSecret = try string(.consumerSecret)
        emails = try strings(.emails)
        expiresIn = try number(.expiresIn)
        expiryDate = try date(.expiryDate)
        key = try string(.key)
        meta = try members[CodingKeys.meta.rawValue].flatMap { try WireValue.object($0, at: path(.meta)) }
        name = try string(.name)
        otherAuthInfo = try strings(.otherAuthInfo)
        pem = try string(.pem)
        refreshToken = try string(.refreshToken)
        state = try string(.state)
        token = try string(.token)
        tokenURL = try string(.tokenURL)
        refreshTokenExpiresIn = try number(.refreshTokenExpiresIn)
        refreshTokenExpiresDate = try date(.refreshTokenExpiresDate)
        refreshURL = try string(.refreshURL)
        devAPIKey = try string(.devAPIKey)
        userID = try string(.userID)
        audience = try string(.audience)
    }
}
