import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

/// `JSONReader`, the fast reading path, reads what `JSONWriter` wrote to the value `JSONDecoder` reads, and refuses
/// what RFC 8259 refuses.
@Suite struct JSONReaderTests {
    @Test func readerAndDecoderAgreeOnGeneratedValues() throws {
        for seed in 0..<UInt64(RoundTripPropertyTests.cases) {
            var generator = SeededGenerator(seed: seed &+ 5_000_000)
            var writer = JSONWriter()
            arbitraryValue(&generator, depth: 0).write(to: &writer)
            let read = try JSONReader.value(from: writer.bytes)
            #expect(read == (try JSONDecoder().decode(JSONValue.self, from: Data(writer.bytes))), "seed \(seed)")
        }
    }

    @Test func authReadFromTreesEqualsDecodedAuth() throws {
        for seed in 0..<UInt64(RoundTripPropertyTests.cases) {
            var generator = SeededGenerator(seed: seed &+ 6_000_000)
            let auth = ConnectionAuth.arbitrary(using: &generator)
            let bytes = try WireJSON.encode(auth)
            let members = try #require(try JSONReader.value(from: bytes).objectValue)
            #expect(try ConnectionAuth(wireObject: members) == auth, "seed \(seed)")
        }
    }

    @Test(arguments: [
        (
            #"{"a":[1,-2,3.5,1e3,true,false,null,"x"]}"#,
            JSONValue.object(["a": .array([.integer(1), .integer(-2), .number(3.5), .number(1000), .bool(true), .bool(false), .null, .string("x")])])
        ),
        (#" "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" "#, .string("\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1F600}")),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)),
        ("-0", .integer(0)),
        ("0.25e-2", .number(0.0025)),
        ("\"é中😀\"", .string("é中😀")),
        ("{}", .object([:])),
        ("[ ]", .array([])),
    ])
    func readsValidText(text: String, expected: JSONValue) throws {
        #expect(try JSONReader.value(from: Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        "", " ", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "[1 2]", "\"tab\there\"", "\"unterminated",
        #""\x""#, #""\ud83d""#, #""\ude00""#, #""\u12""#, "tru", "nul", "[1]]", "{\"a\" 1}", "1e999", "// comment\n1", "'single'",
    ])
    func refusesInvalidText(text: String) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(from: Array(text.utf8)) }
    }

    @Test func refusesNestingDeeperThanTheLimit() throws {
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(from: Array(deep.utf8)) }
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONReader.value(from: Array(allowed.utf8)) != .null)
    }

    @Test func wrongTypesInAnAuthObjectNameTheField() throws {
        let members = try #require(try JSONReader.value(from: Array(#"{"emails":["a",3]}"#.utf8)).objectValue)
        do {
            _ = try ConnectionAuth(wireObject: members, codingPath: [])
            Issue.record("a number among emails was accepted")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["emails", "1"])
        }
    }
}
