import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

/// For generated values, decoding what was encoded gives the same value back.
@Suite struct RoundTripPropertyTests {
    static let cases = 500

    @Test func connectionAuthRoundTrips() throws {
        for seed in 0..<UInt64(Self.cases) {
            var generator = SeededGenerator(seed: seed)
            let auth = ConnectionAuth.arbitrary(using: &generator)
            let decoded = try JSONDecoder().decode(ConnectionAuth.self, from: try WireJSON.encode(auth))
            #expect(decoded == auth, "seed \(seed)")
        }
    }

    @Test func connectionRoundTrips() throws {
        for seed in 0..<UInt64(Self.cases) {
            var generator = SeededGenerator(seed: seed &+ 1_000_000)
            let connection = Connection.arbitrary(using: &generator)
            let decoded = try JSONDecoder().decode(Connection.self, from: try WireJSON.encode(connection))
            #expect(decoded == connection, "seed \(seed)")
        }
    }
}

/// `JSONWriter`, the fast path, writes the same JSON as `JSONEncoder` would, and it reads back to the same value.
@Suite struct JSONWriterTests {
    static func sameJSON(_ left: Data, _ right: Data) throws -> Bool {
        try JSONDecoder().decode(JSONValue.self, from: left) == JSONDecoder().decode(JSONValue.self, from: right)
    }

    @Test func writerAndEncoderAgreeOnGeneratedConnections() throws {
        let encoder = JSONEncoder()
        for seed in 0..<UInt64(RoundTripPropertyTests.cases) {
            var generator = SeededGenerator(seed: seed &+ 3_000_000)
            let connection = Connection.arbitrary(using: &generator)
            let written = try WireJSON.encode(connection)
            #expect(try Self.sameJSON(written, try encoder.encode(connection)), "seed \(seed)")
            #expect(try JSONDecoder().decode(Connection.self, from: written) == connection, "seed \(seed)")
            #expect(try WireJSON.encode(connection) == written, "seed \(seed): the same value gives the same bytes")
        }
    }

    @Test func writerEscapesStringsAsJSONRequires() throws {
        var writer = JSONWriter()
        writer.string("quote\" backslash\\ slash/ newline\n tab\t nul\u{0} bell\u{7} é 😀")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""quote\" backslash\\ slash/ newline\n tab\t nul\u0000 bell\u0007 é 😀""#)
    }

    @Test(arguments: [(3600.0, "3600"), (0.5, "0.5"), (-2.0, "-2"), (1e-05, "1e-05"), (1e300, "1e+300"), (12345678.25, "12345678.25")])
    func writerWritesNumbersThatReadBackExactly(value: Double, text: String) throws {
        var writer = JSONWriter()
        writer.number(value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == text)
        #expect(try JSONDecoder().decode(Double.self, from: Data(writer.bytes)) == value)
    }
}

extension ConnectionAuth {
    static func arbitrary(using generator: inout SeededGenerator) -> ConnectionAuth {
        var auth = ConnectionAuth()
        func maybe<T>(_ make: (inout SeededGenerator) -> T) -> T? {
            Bool.random(using: &generator) ? make(&generator) : nil
        }
        auth.accessToken = maybe(arbitraryString)
        auth.apiURL = maybe(arbitraryString)
        auth.appID = maybe(arbitraryString)
        auth.authorizeURL = maybe(arbitraryString)
        auth.clientID = maybe(arbitraryString)
        auth.clientSecret = maybe(arbitraryString)
        auth.consumerKey = maybe(arbitraryString)
        auth.consumerSecret = maybe(arbitraryString)
        auth.emails = maybe { generator in (0..<Int.random(in: 0...3, using: &generator)).map { _ in arbitraryString(&generator) } }
        auth.expiresIn = maybe(arbitraryNumber)
        auth.expiryDate = maybe(arbitraryDate)
        auth.key = maybe(arbitraryString)
        auth.meta = maybe { generator in arbitraryObject(&generator, depth: 0) }
        auth.name = maybe(arbitraryString)
        auth.otherAuthInfo = maybe { generator in (0..<Int.random(in: 0...4, using: &generator)).map { _ in arbitraryString(&generator) } }
        auth.pem = maybe(arbitraryString)
        auth.refreshToken = maybe(arbitraryString)
        auth.state = maybe(arbitraryString)
        auth.token = maybe(arbitraryString)
        auth.tokenURL = maybe(arbitraryString)
        auth.refreshTokenExpiresIn = maybe(arbitraryNumber)
        auth.refreshTokenExpiresDate = maybe(arbitraryDate)
        auth.refreshURL = maybe(arbitraryString)
        auth.devAPIKey = maybe(arbitraryString)
        auth.userID = maybe(arbitraryString)
        auth.audience = maybe(arbitraryString)
        return auth
    }
}

extension Connection {
    static func arbitrary(using generator: inout SeededGenerator) -> Connection {
        let draft = ConnectionDraft(
            integrationType: arbitraryString(&generator),
            integrationName: Bool.random(using: &generator) ? arbitraryString(&generator) : nil,
            categories: (0..<Int.random(in: 0...3, using: &generator)).map { _ in ConnectionCategory(rawValue: arbitraryString(&generator)) },
            permissions: (0..<Int.random(in: 0...3, using: &generator)).map { _ in Permission(rawValue: arbitraryString(&generator)) },
            auth: Bool.random(using: &generator) ? ConnectionAuth.arbitrary(using: &generator) : nil,
            environment: arbitraryString(&generator),
            externalXref: Bool.random(using: &generator) ? arbitraryString(&generator) : nil)
        var connection = Connection(
            id: arbitraryString(&generator), workspaceID: arbitraryString(&generator), draft: draft, now: arbitraryDate(&generator))
        connection.isPaused = Bool.random(using: &generator)
        connection.updatedAt = arbitraryDate(&generator)
        connection.lastHealthyAt = Bool.random(using: &generator) ? arbitraryDate(&generator) : nil
        connection.lastUnhealthyAt = Bool.random(using: &generator) ? arbitraryDate(&generator) : nil
        connection.lastUnhealthyCode = Bool.random(using: &generator) ? arbitraryString(&generator) : nil
        return connection
    }
}

private let alphabet = Array("abcXYZ019 _-./:?&=%+\"\\\n\t\u{0}é😀ü中")

func arbitraryString(_ generator: inout SeededGenerator) -> String {
    String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
}

private func arbitraryNumber(_ generator: inout SeededGenerator) -> Double {
    Bool.random(using: &generator)
        ? Double(Int.random(in: 0...10_000_000, using: &generator)) : Double.random(in: 0...1e9, using: &generator)
}

private func arbitraryDate(_ generator: inout SeededGenerator) -> Date {
    Date(timeIntervalSince1970: Double(Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator)) / 1000)
}

private func arbitraryObject(_ generator: inout SeededGenerator, depth: Int) -> [String: JSONValue] {
    var object: [String: JSONValue] = [:]
    for _ in 0..<Int.random(in: 0...4, using: &generator) {
        object[arbitraryString(&generator)] = arbitraryValue(&generator, depth: depth + 1)
    }
    return object
}

func arbitraryValue(_ generator: inout SeededGenerator, depth: Int) -> JSONValue {
    switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &generator) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
    case 3: return .number(Double.random(in: -1e12...1e12, using: &generator))
    case 4: return .string(arbitraryString(&generator))
    case 5: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in arbitraryValue(&generator, depth: depth + 1) })
    default: return .object(arbitraryObject(&generator, depth: depth))
    }
}
