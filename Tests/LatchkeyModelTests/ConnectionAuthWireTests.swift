import Foundation
import LatchkeyModel
import Testing

@Suite struct ConnectionAuthWireTests {
    /// The seed's 20 fields, then the six Unified added later.
    static let wireNames = [
        "access_token", "api_url", "app_id", "authorize_url", "client_id", "client_secret", "consumer_key", "consumer_secret", "emails",
        "expires_in", "expiry_date", "key", "meta", "name", "other_auth_info", "pem", "refresh_token", "state", "token", "token_url",
        "refresh_token_expires_in", "refresh_token_expires_date", "refresh_url", "dev_api_key", "user_id", "audience",
    ]

    static func object(_ json: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func decode(_ json: String) throws -> ConnectionAuth {
        try JSONDecoder().decode(ConnectionAuth.self, from: Data(json.utf8))
    }

    @Test func everyFieldHasItsWireName() throws {
        #expect(ConnectionAuth.fieldNames == Self.wireNames)
        var auth = ConnectionAuth()
        auth.accessToken = "a"
        auth.apiURL = "https://api.example.com"
        auth.appID = "1"
        auth.authorizeURL = "https://example.com/authorize"
        auth.clientID = "c"
        auth.clientSecret = "s"
        auth.consumerKey = "ck"
        auth.consumerSecret = "cs"
        auth.emails = ["a@example.com"]
        auth.expiresIn = 3600
        auth.expiryDate = Date(timeIntervalSince1970: 1_735_787_045)
        auth.key = "k"
        auth.meta = ["x": .integer(1)]
        auth.name = "n"
        auth.otherAuthInfo = ["u", "p"]
        auth.pem = "-----BEGIN PRIVATE KEY-----"
        auth.refreshToken = "r"
        auth.state = "st"
        auth.token = "t"
        auth.tokenURL = "https://example.com/token"
        auth.refreshTokenExpiresIn = 86400
        auth.refreshTokenExpiresDate = Date(timeIntervalSince1970: 1_735_787_045)
        auth.refreshURL = "https://example.com/refresh"
        auth.devAPIKey = "d"
        auth.userID = "u1"
        auth.audience = "aud"
        let object = try Self.object(String(decoding: try WireJSON.encode(auth), as: UTF8.self))
        #expect(Set(object.keys) == Set(Self.wireNames))
        #expect(object["expiry_date"] as? String == "2025-01-02T03:04:05Z")
        #expect(object["refresh_token_expires_date"] as? String == "2025-01-02T03:04:05Z")
        #expect(object["expires_in"] as? Double == 3600)
    }

    @Test func absentFieldsAreLeftOutNotNull() throws {
        var auth = ConnectionAuth()
        auth.accessToken = "a"
        #expect(String(decoding: try WireJSON.encode(auth), as: UTF8.self) == #"{"access_token":"a"}"#)
        #expect(String(decoding: try WireJSON.encode(ConnectionAuth()), as: UTF8.self) == "{}")
    }

    @Test func nullFieldsReadAsAbsent() throws {
        #expect(try Self.decode(#"{"access_token": null, "expiry_date": null, "expires_in": null, "meta": null}"#) == ConnectionAuth())
    }

    @Test(arguments: [
        (#"{"expires_in": 3600}"#, 3600.0),
        (#"{"expires_in": 3600.0}"#, 3600),
        (#"{"expires_in": 3599.5}"#, 3599.5),
        (#"{"expires_in": "3600"}"#, 3600),
        (#"{"expires_in": " 3600.0 "}"#, 3600),
        (#"{"expires_in": 0}"#, 0),
    ])
    func expiresInAcceptsIntegersFloatsAndNumericStrings(json: String, expected: Double) throws {
        #expect(try Self.decode(json).expiresIn == expected)
    }

    @Test(arguments: [#"{"expires_in": "soon"}"#, #"{"expires_in": true}"#, #"{"expires_in": [1]}"#, #"{"expires_in": ""}"#])
    func expiresInRejectsWhatIsNotANumber(json: String) {
        #expect(throws: DecodingError.self) { try Self.decode(json) }
    }

    @Test(arguments: [
        #"{"expiry_date": "2025-01-02T03:04:05Z"}"#,
        #"{"expiry_date": "2025-01-02T05:04:05+02:00"}"#,
        #"{"expiry_date": "2025-01-02T03:04:05.000Z"}"#,
        #"{"expiry_date": 1735787045}"#,
        #"{"expiry_date": "1735787045"}"#,
        #"{"expiry_date": 1735787045.0}"#,
    ])
    func expiryDateReadsEveryFormAndWritesRFC3339UTC(json: String) throws {
        let auth = try Self.decode(json)
        #expect(auth.expiryDate == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(String(decoding: try WireJSON.encode(auth), as: UTF8.self) == #"{"expiry_date":"2025-01-02T03:04:05Z"}"#)
    }

    @Test func dateOnlyExpiryIsMidnightUTC() throws {
        #expect(
            try Self.decode(#"{"refresh_token_expires_date": "2025-01-02"}"#).refreshTokenExpiresDate == Date(timeIntervalSince1970: 1_735_776_000))
    }

    @Test(arguments: [#"{"expiry_date": "next week"}"#, #"{"expiry_date": true}"#, #"{"expiry_date": {}}"#])
    func expiryDateRejectsWhatIsNotADate(json: String) {
        #expect(throws: DecodingError.self) { try Self.decode(json) }
    }

    @Test func metaIsKeptExactly() throws {
        let json = #"{"meta":{"a":[1,2.5,-3,null,true,"x",{"b":{"c":[]}}],"big":9007199254740993,"empty":{},"nothing":null,"s":"\/path ü"}}"#
        let auth = try Self.decode(json)
        #expect(auth.meta?["big"] == .integer(9_007_199_254_740_993))
        #expect(auth.meta?["nothing"] == .null)
        let again = String(decoding: try WireJSON.encode(auth), as: UTF8.self)
        #expect(again == #"{"meta":{"a":[1,2.5,-3,null,true,"x",{"b":{"c":[]}}],"big":9007199254740993,"empty":{},"nothing":null,"s":"/path ü"}}"#)
    }

    @Test func descriptionNamesFieldsButNeverValues() {
        var auth = ConnectionAuth()
        auth.accessToken = "canary-access-token"
        auth.refreshToken = "canary-refresh-token"
        let text = "\(auth) \(String(reflecting: auth))"
        #expect(!text.contains("canary"))
        #expect(text.contains("accessToken"))
    }
}
