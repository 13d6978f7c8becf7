/// The byte classes of HTTP/1.1's grammar (RFC 9110 section 5.6, RFC 9112), for the relay's strict reading of heads.
enum HTTP1Syntax {
    /// `tchar`: the bytes of a method or a field name.
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case ..<64: tokenBytesBelow64 >> byte & 1 == 1
        case ..<128: tokenBytesFrom64 >> (byte - 64) & 1 == 1
        default: false
        }
    }

    /// The bytes of a field value or a reason phrase: visible ASCII, space, tab and `obs-text`; no other control byte.
    static func isFieldValue(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == 0x09
    }

    /// Whether every byte of `bytes` is one of a field value (`isFieldValue`): eight at a time where a word holds no
    /// control byte or DEL, else one by one (a tab is one).
    static func isFieldValue(_ bytes: Slice<UnsafeRawBufferPointer>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if index + 8 <= bytes.endIndex {
                let word = bytes.base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !hasByte(lessThan: 0x20, in: word), !hasZeroByte(word ^ repeated(0x7F)) {
                    index += 8
                    continue
                }
            }
            guard isFieldValue(bytes.base[index]) else { return false }
            index += 1
        }
        return true
    }

    /// Whether one of the eight bytes of `word` is CR or LF.
    static func hasLineBreak(_ word: UInt64) -> Bool {
        hasZeroByte(word ^ repeated(UInt8(ascii: "\r"))) || hasZeroByte(word ^ repeated(UInt8(ascii: "\n")))
    }

    /// Whether one of the eight bytes of `word` is 0.
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- repeated(0x01)) & ~word & repeated(0x80) != 0
    }

    /// Whether one of the eight bytes of `word` is below `limit` (at most 128).
    private static func hasByte(lessThan limit: UInt8, in word: UInt64) -> Bool {
        (word &- repeated(limit)) & ~word & repeated(0x80) != 0
    }

    /// `byte` in each of a word's eight bytes.
    private static func repeated(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Whether a request line (without its CRLF) ends in HTTP/1.1.
    static func isHTTP11(requestLine line: Slice<UnsafeRawBufferPointer>) -> Bool {
        line.count > 9 && line.suffix(9).elementsEqual(" HTTP/1.1".utf8)
    }

    /// The number `bytes` spell in decimal digits (a `Content-Length`); `nil` for none, anything else, or more than
    /// 18 digits.
    static func decimal(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// Whether `bytes` spell `lowercased` (lowercase ASCII) in any case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ lowercased: StaticString) -> Bool {
        guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
        return lowercased.withUTF8Buffer { expected in
            sameIgnoringCase(bytes, expected)
        }
    }

    /// Whether `bytes` and `other` are the same in any case.
    static func sameIgnoringCase(_ bytes: some Collection<UInt8>, _ other: some Collection<UInt8>) -> Bool {
        guard bytes.count == other.count else { return false }
        var otherIndex = other.startIndex
        for byte in bytes {
            let otherByte = other[otherIndex]
            guard byte == otherByte || (byte | 0x20 == otherByte | 0x20 && isLetter(byte)) else { return false }
            other.formIndex(after: &otherIndex)
        }
        return true
    }

    /// `bytes` without the spaces and tabs around them.
    static func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 { end = bytes.index(before: end) }
        return bytes[start..<end]
    }

    /// The elements of the comma-separated list `value`, trimmed; empty ones left out.
    static func listElements<Bytes: BidirectionalCollection<UInt8>>(_ value: Bytes) -> [Bytes.SubSequence] {
        value.split(separator: UInt8(ascii: ",")).map { trimmed($0) }.filter { !$0.isEmpty }
    }

    /// Whether the comma-separated list `value` (a `Connection` header's) holds `token` (lowercase), in any case.
    static func listContains(_ value: some BidirectionalCollection<UInt8>, _ token: StaticString) -> Bool {
        listContains(value) { equalsIgnoringCase($0, token) }
    }

    /// Whether an element of the comma-separated list `value`, trimmed and not empty, is one `matches` takes.
    static func listContains<Bytes: BidirectionalCollection<UInt8>>(_ value: Bytes, where matches: (Bytes.SubSequence) -> Bool) -> Bool {
        var start = value.startIndex
        while start < value.endIndex {
            let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
            let element = trimmed(value[start..<end])
            if !element.isEmpty, matches(element) { return true }
            start = end == value.endIndex ? end : value.index(after: end)
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// The `tchar` bytes as bits: `!#$%&'*+-.` and the digits below 64; the letters and `^_`|~` from 64 to 127.
    private static let tokenBytesBelow64: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenBytesFrom64: UInt64 = 0x57FF_FFFF_C7FF_FFFE
}
