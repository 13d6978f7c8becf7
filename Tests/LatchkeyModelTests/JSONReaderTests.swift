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
        let thousand = String(repeating: #"{"a":"#, count: 1000) + "1" + String(repeating: "}", count: 1000)
        let failure = try #require(Self.readingFailure(Array(thousand.utf8), maximumDepth: 64))
        #expect(failure.kind == .tooDeep)
    }

    @Test func aDuplicateNameIsRefusedWithItsPath() throws {
        let failure = try #require(Self.readingFailure(Array(#"{"auth":{"emails":[{"x":1},{"y":1,"y":2}]}}"#.utf8)))
        #expect(failure.kind == .duplicateName)
        #expect(failure.path == [.member("auth"), .member("emails"), .index(1), .member("y")])
    }

    @Test func aSyntaxErrorSaysWhereInTheValue() throws {
        let failure = try #require(Self.readingFailure(Array(#"{"a":[1,{"b":tru}]}"#.utf8)))
        #expect(failure.kind == .syntax)
        #expect(failure.path == [.member("a"), .index(1), .member("b")])
        #expect(failure.offset == 13)
    }

    /// The classes of JSONTestSuite's "y_" files: text every parser must accept, read to one value.
    @Test(
        arguments: [
            (Array("[[] ]".utf8), .array([.array([])])),
            (Array(#"{"":0}"#.utf8), .object(["": .integer(0)])),
            (Array(#"{"foo\u0000bar":42}"#.utf8), .object(["foo\u{0}bar": .integer(42)])),
            (Array(#"["\u0000"]"#.utf8), .array([.string("\u{0}")])),
            (Array(#"["\uFFFF"]"#.utf8), .array([.string("\u{FFFF}")])),
            (Array(#"["\uDBFF\uDFFE"]"#.utf8), .array([.string("\u{10FFFE}")])),
            ([0x5B, 0x22, 0xEF, 0xBF, 0xBF, 0x22, 0x5D], .array([.string("\u{FFFF}")])),
            ([0x5B, 0x22, 0x61, 0x7F, 0x61, 0x22, 0x5D], .array([.string("a\u{7F}a")])),
            (Array("[1E22]".utf8), .array([.number(1e22)])),
            (Array("[1e+2]".utf8), .array([.number(100)])),
            (Array("[-0.0e-0]".utf8), .array([.number(-0.0)])),
            (Array("[123e-10000000]".utf8), .array([.number(0)])),
            (Array("[-237462374673276894279832749832423479823246327846]".utf8), .array([.number(-2.374623746732769e47)])),
            (Array(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n\"a\" \t\r\n] \t\r\n".utf8), .array([.integer(1), .string("a")])),
            (Array(#""lonely""#.utf8), .string("lonely")),
            (Array("null".utf8), .null),
            (Array(#"["\u002F"]"#.utf8), .array([.string("/")])),
        ] as [([UInt8], JSONValue)])
    func acceptsWhatEveryParserMustAccept(bytes: [UInt8], expected: JSONValue) throws {
        #expect(try JSONReader.value(from: bytes) == expected)
    }

    /// The classes of JSONTestSuite's "n_" files: text no parser may accept.
    @Test(arguments: [
        "[1 true]", #"["",]"#, "[1,,2]", "[,1]", "[1", "[[]", "[1,]", "[3[4]]", #"{"a" "b"}"#, "{1:1}", "{'a':0}", #"{"a":0,}"#,
        "{a:0}", #"{"a":0,,"b":1}"#, #"{"a"}"#, #"{"a":"#, "[NaN]", "[Infinity]", "[-Infinity]", "[0x1]", "[012]", "[-012]",
        "[- 1]", "[+1]", "[1.]", "[.1]", "[1.e1]", "[1e]", "[1e+]", "[0e]", "[1.0e-]", "[1_000]", #"["\x00"]"#, #"["\u00A"]"#,
        #"["\"]"#, #"["\a"]"#, "['single']", "[\"\t\"]", "[\"new\nline\"]", "[][]", "[]x", #"["a""#, #"{"a":"b"}#"#,
        "/* c */ []", "[] // c", "[True]", "[nul]", "[truth]", "<null>", "[\u{00A0}1]", "\u{FEFF}", "[\u{0}]", #"{"a":1}}"#,
    ])
    func refusesWhatNoParserMayAccept(text: String) {
        #expect(throws: JSONReader.Failure.self, "\(text)") { try JSONReader.value(from: Array(text.utf8)) }
    }

    /// The classes of JSONTestSuite's "i_" files, where RFC 8259 lets parsers choose, and a duplicate name, which it
    /// allows but I-JSON refuses: Latchkey refuses every one whose value another reader could see differently.
    @Test(
        arguments: [
            [0xEF, 0xBB, 0xBF, 0x7B, 0x7D],  // a UTF-8 byte order mark before {}
            [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00],  // UTF-16LE with a byte order mark
            Array(#"["\uD800"]"#.utf8),  // a lone high surrogate
            Array(#"["\uDC00"]"#.utf8),  // a lone low surrogate
            Array(#"["\uD800\uD800"]"#.utf8),  // two high surrogates
            [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D],  // an overlong encoding of '/'
            [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D],  // a surrogate encoded in UTF-8
            [0x5B, 0x22, 0xFF, 0x22, 0x5D],  // a byte that is never UTF-8
            [0x5B, 0x22, 0xE6, 0x97, 0x22, 0x5D],  // a truncated sequence
            [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D],  // a member name that is not UTF-8
            Array("[1e400]".utf8),  // a number no Double holds
            Array("[-1e400]".utf8),
            Array(#"{"a":"b","a":"c"}"#.utf8),  // a duplicate name (first wins for some readers, last for others)
            Array(#"{"a":1,"a":1}"#.utf8),  // even with the same value
            Array(#"{"é":1,"e\u0301":2}"#.utf8),  // names canonically equivalent, which Swift's strings compare equal
        ] as [[UInt8]])
    func refusesWhatReadersCouldReadDifferently(bytes: [UInt8]) {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value(from: bytes) }
    }

    private static func readingFailure(_ bytes: [UInt8], maximumDepth: Int = 512) -> JSONReader.Failure? {
        do {
            _ = try JSONReader.value(from: bytes, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
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
