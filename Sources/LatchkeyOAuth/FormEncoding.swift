import Foundation

/// `application/x-www-form-urlencoded` and URL query encoding, strict: every byte but the unreserved
/// characters of RFC 3986 is percent-encoded, so `+`, `&`, `=` and spaces in values survive any parser.
public enum FormEncoding {
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        if text.utf8.allSatisfy(isUnreserved) { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count * 3)
        appendEscaped(text.utf8, to: &escaped)
        return String(decoding: escaped, as: UTF8.self)
    }

    /// Appends `bytes` to `output`, every byte but the unreserved characters of RFC 3986 percent-encoded with
    /// uppercase hex digits.
    static func appendEscaped(_ bytes: some Sequence<UInt8>, to output: inout [UInt8]) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { appendEscaped(buffer: $0, to: &output) }
        if done != nil { return }
        for byte in bytes { appendEscaped(byte: byte, to: &output) }
    }

    @inline(__always)
    static func appendEscaped(byte: UInt8, to output: inout [UInt8]) {
        if isUnreserved(byte) {
            output.append(byte)
        } else {
            output.append(UInt8(ascii: "%"))
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// The contiguous case: the output is written in place, with room reserved for every byte escaped.
    private static func appendEscaped(buffer: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: buffer.count * 3))
        let written = output.withUnsafeMutableBufferPointer { target -> Int in
            var index = start
            for byte in buffer {
                if isUnreserved(byte) {
                    target[index] = byte
                    index += 1
                } else {
                    target[index] = UInt8(ascii: "%")
                    target[index + 1] = hexDigits[Int(byte >> 4)]
                    target[index + 2] = hexDigits[Int(byte & 0x0F)]
                    index += 3
                }
            }
            return index
        }
        output.removeLast(output.count - written)
    }

    /// The bytes of a percent-encoded form or query component, `+` read as a space; `nil` for a broken escape.
    static func unescapedBytes(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                output.append(high << 4 | low)
            default:
                output.append(byte)
            }
        }
        return output
    }

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    public static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The pairs of a form body or a query string, `+` read as a space; `nil` for broken percent-escapes.
    public static func decode(_ text: String) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(halves[0]), let value = unescape(halves.count > 1 ? halves[1] : "") else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    private static func unescape(_ text: Substring) -> String? {
        unescapedBytes(text.utf8).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
