/// Reads JSON text (RFC 8259) into a `JSONValue`, several times faster than `JSONDecoder`: the reading side of
/// `JSONWriter`, used where the store opens values it sealed itself.
///
/// Strict: one value with optional surrounding whitespace, no trailing commas, no comments, no byte order mark, no
/// control characters inside strings, UTF-8 only, escapes checked (`\uD83D\uDE00` pairs joined, lone surrogates
/// refused), and no object with a member name twice (I-JSON, RFC 7493), so that every reader of the same text reads
/// the same value. Numbers without a fraction or exponent that fit in 64 bits are integers; every other finite number
/// is a `Double`. Nesting deeper than `maximumDepth` levels (512 unless asked) is refused.
public struct JSONReader: ~Copyable {
    /// Why text is not JSON, with the byte offset where reading stopped.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// The text breaks RFC 8259's grammar or is not UTF-8.
            case syntax
            /// An object names a member twice; `path` says which.
            case duplicateName
            /// Arrays and objects are nested deeper than the limit.
            case tooDeep
        }

        public let offset: Int
        public let reason: String
        public let kind: Kind
        /// Where in the value reading stopped, as member names and array indexes from the outside in.
        public internal(set) var path: [JSONPathComponent]

        public var description: String { "not valid JSON at byte \(offset): \(reason)" }
    }

    /// The value `bytes` hold.
    public static func value(from bytes: some Sequence<UInt8>, maximumDepth: Int = 512) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(Failure) in try read(buffer, maximumDepth: maximumDepth) }
        }
        if let result { return try result.get() }
        let copied = Array(bytes)
        return try copied.withUnsafeBufferPointer { buffer throws(Failure) in try read(buffer, maximumDepth: maximumDepth) }
    }

    private static func read(_ buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) throws(Failure) -> JSONValue {
        var reader = JSONReader(buffer, maximumDepth: maximumDepth)
        return try reader.document()
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    private mutating func document() throws(Failure) -> JSONValue {
        let value = try readValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the value") }
        return value
    }

    private mutating func readValue() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "t"): return try readLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try readLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try readLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("unexpected character")
        }
    }

    private mutating func readObject() throws(Failure) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let name = try readString()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw failure("expected ':' after a member name") }
            let value: JSONValue
            do throws(Failure) {
                value = try readValue()
            } catch {
                throw error.inside(.member(name))
            }
            guard members.updateValue(value, forKey: name) == nil else {
                throw Failure(offset: index, reason: "a member name appears twice in one object", kind: .duplicateName, path: [.member(name)])
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { throw failure("expected ',' or '}'") }
            depth -= 1
            return .object(members)
        }
    }

    private mutating func readArray() throws(Failure) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        while true {
            do throws(Failure) {
                elements.append(try readValue())
            } catch {
                throw error.inside(.index(elements.count))
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else { throw failure("expected ',' or ']'") }
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func enterContainer() throws(Failure) {
        depth += 1
        guard depth <= maximumDepth else {
            throw Failure(offset: index, reason: "nested deeper than \(maximumDepth) levels", kind: .tooDeep, path: [])
        }
        index += 1
    }

    /// A string starting at the opening quote; text without escapes is taken in one piece.
    private mutating func readString() throws(Failure) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8Text(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            guard byte >= 0x20 else { throw failure("control character in a string") }
            index += 1
        }
        throw failure("unterminated string")
    }

    private mutating func readEscapedString(from start: Int) throws(Failure) -> String {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try utf8.withUnsafeBufferPointer { buffer throws(Failure) in try utf8Text(buffer) }
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try readUnicodeEscape()).utf8)
                default: throw failure("unknown escape")
                }
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    /// The character of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    private mutating func readUnicodeEscape() throws(Failure) -> Character {
        let first = try readHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("lone high surrogate")
            }
            index += 2
            let second = try readHex4()
            guard (0xDC00..<0xE000).contains(second) else { throw failure("invalid low surrogate") }
            let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            guard let scalar else { throw failure("invalid surrogate pair") }
            return Character(scalar)
        }
        guard let scalar = Unicode.Scalar(first) else { throw failure("lone low surrogate") }
        return Character(scalar)
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func readNumber() throws(Failure) -> JSONValue {
        let start = index
        let negative = consume(UInt8(ascii: "-"))
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit") }
        var integer: Int64 = 0
        var fitsInteger = true
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = Int64(bytes[index] - UInt8(ascii: "0"))
                let (shifted, overflowed) = integer.multipliedReportingOverflow(by: 10)
                let (next, overflowedAgain) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                if overflowed || overflowedAgain { fitsInteger = false }
                integer = next
                index += 1
            }
        }
        var isInteger = fitsInteger
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard skipDigits() else { throw failure("expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard skipDigits() else { throw failure("expected a digit in the exponent") }
        }
        if isInteger { return .integer(integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw failure("number out of range") }
        return .number(number)
    }

    /// `text` as a string, refused when it is not UTF-8 (a replacement character would make it another value).
    private func utf8Text(_ text: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        guard let string = String(validating: text, as: UTF8.self) else { throw failure("a string that is not UTF-8") }
        return string
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index > start
    }

    private mutating func readLiteral(_ literal: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of text") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw failure("unexpected character")
        }
        index += count
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason, kind: .syntax, path: []) }
}

/// A step into a JSON value: an object's member or an array's element.
public enum JSONPathComponent: Sendable, Hashable {
    case member(String)
    case index(Int)
}

extension JSONReader.Failure {
    /// The same failure, one level further out.
    fileprivate func inside(_ component: JSONPathComponent) -> Self {
        var failure = self
        failure.path.insert(component, at: 0)
        return failure
    }
}
