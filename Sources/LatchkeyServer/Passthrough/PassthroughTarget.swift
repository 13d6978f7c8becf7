import Foundation
import LatchkeyOAuth

/// Where a passthrough call goes: the part of the request target after `/passthrough/{connection_id}`, checked so
/// that it can only name a path under the connection's API base, then joined to that base.
///
/// Refused (400 `unsafe_path` / `unsafe_query`): `.` and `..` segments, empty segments (`//`), percent-encoded
/// slashes, backslashes, dots, percent signs (which a server decoding twice would read as one of those) and control
/// characters, raw backslashes, `@`, a scheme in the first segment, bytes
/// outside printable ASCII, broken percent-escapes; in the query, control characters (raw or encoded, CR and LF
/// among them) and backslashes. The query otherwise passes unchanged.
struct PassthroughTarget: Equatable {
    /// The path under the API base, as sent (still percent-encoded), without a leading slash.
    let path: String
    /// The query as sent, without `?`.
    let query: String?

    init(remainder: Substring) throws {
        let bytes = Array(remainder.utf8)
        let (path, query) = try Self.parts(of: bytes)
        self.path = String(decoding: bytes[path], as: UTF8.self)
        self.query = query.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Checks `remainder`, the target after `/passthrough/{connection_id}`, and tells where its path (without the
    /// leading slash) and its query (without `?`) are.
    static func parts<Bytes: RandomAccessCollection<UInt8>>(
        of remainder: Bytes
    ) throws -> (path: Range<Int>, query: Range<Int>?) where Bytes.Index == Int {
        let questionMark = remainder.firstIndex(of: UInt8(ascii: "?"))
        let pathEnd = questionMark ?? remainder.endIndex
        var pathStart = remainder.startIndex
        if pathStart < pathEnd, remainder[pathStart] == UInt8(ascii: "/") { pathStart += 1 }
        try checkPath(bytes: remainder[pathStart..<pathEnd])
        guard let questionMark else { return (pathStart..<pathEnd, nil) }
        let query = (questionMark + 1)..<remainder.endIndex
        try checkQuery(bytes: remainder[query])
        return (pathStart..<pathEnd, query)
    }

    /// `base` (an absolute http(s) URL) with this path and query; refuses a result that leaves the base's scheme,
    /// authority (host and port, with no user) or path.
    func url(under base: String) throws -> String {
        try url(under: Base(base))
    }

    /// `url(under:)` for a base split already.
    func url(under base: Base) throws -> String {
        guard let baseParts = base.parts else { throw Self.leavesBase }
        var url = path.isEmpty ? String(base.trimmed) : base.trimmed + "/" + path
        if let query { url += "?" + query }
        guard let parts = URLParts(url[...]), parts.scheme.utf8.elementsEqual(baseParts.scheme.utf8),
            parts.authority.utf8.elementsEqual(baseParts.authority.utf8), !parts.authority.utf8.contains(UInt8(ascii: "@")),
            parts.path.utf8.starts(with: baseParts.path.utf8)
        else { throw Self.leavesBase }
        return url
    }

    private static var leavesBase: APIError { APIError.unsafeTarget("path", "the path leaves the connection's API base") }

    /// An API base without its trailing slashes, and its scheme, authority and path: worked out once for every call
    /// made under it.
    struct Base: Sendable {
        let trimmed: Substring
        fileprivate let parts: URLParts?

        init(_ base: String) {
            var trimmed = base[...]
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            self.trimmed = trimmed
            self.parts = URLParts(trimmed)
        }
    }

    /// The scheme, authority and path of an absolute URL, split at `://` and at the first `/`, `?` or `#` after it.
    fileprivate struct URLParts: Sendable {
        let scheme: Substring
        let authority: Substring
        let path: Substring

        init?(_ url: Substring) {
            let bytes = url.utf8
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[colon...].starts(with: "://".utf8) else { return nil }
            let rest = bytes[bytes.index(colon, offsetBy: 3)...]
            let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
            let tail = rest[authorityEnd...]
            let pathEnd = tail.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? tail.endIndex
            scheme = Substring(bytes[..<colon])
            authority = Substring(rest[..<authorityEnd])
            path = Substring(tail[..<pathEnd])
            guard !scheme.isEmpty, !authority.isEmpty else { return nil }
        }
    }

    /// One pass over the path's bytes: characters and escapes, then each segment as its `/` or the end closes it.
    private static func checkPath<Bytes: RandomAccessCollection<UInt8>>(bytes: Bytes) throws where Bytes.Index == Int {
        var index = bytes.startIndex
        var segmentStart = index
        var isFirstSegment = true
        while index <= bytes.endIndex {
            let byte = index < bytes.endIndex ? bytes[index] : UInt8(ascii: "/")
            switch byte {
            case UInt8(ascii: "/"):
                let segment = bytes[segmentStart..<index]
                if (1...2).contains(segment.count), segment.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                    throw APIError.unsafeTarget("path", "the path holds a . or .. segment")
                }
                let isLast = index == bytes.endIndex
                if segment.isEmpty && !bytes.isEmpty && !(isLast && !isFirstSegment) {
                    throw APIError.unsafeTarget("path", "the path holds an empty segment (//)")
                }
                if isFirstSegment && segment.contains(UInt8(ascii: ":")) {
                    throw APIError.unsafeTarget("path", "the path must be relative to the API base, not an absolute URL")
                }
                isFirstSegment = false
                segmentStart = index + 1
            case 0..<0x21, 0x7F...:
                throw APIError.unsafeTarget("path", "the path holds a space, a control character or a byte outside ASCII")
            case UInt8(ascii: "\\"):
                throw APIError.unsafeTarget("path", "the path holds a backslash")
            case UInt8(ascii: "@"):
                throw APIError.unsafeTarget("path", "the path holds @")
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex, let high = FormEncoding.hexValue(bytes[index + 1]),
                    let low = FormEncoding.hexValue(bytes[index + 2])
                else { throw APIError.unsafeTarget("path", "the path holds a broken percent-escape") }
                let decoded = high << 4 | low
                if decoded == UInt8(ascii: "/") || decoded == UInt8(ascii: "\\") || decoded == UInt8(ascii: ".") || decoded == UInt8(ascii: "%")
                    || decoded < 0x20 || decoded == 0x7F
                {
                    throw APIError.unsafeTarget(
                        "path", "the path holds a percent-encoded slash, backslash, dot, percent sign or control character")
                }
                index += 2
            default:
                break
            }
            index += 1
        }
    }

    private static func checkQuery<Bytes: RandomAccessCollection<UInt8>>(bytes: Bytes) throws where Bytes.Index == Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") {
                throw APIError.unsafeTarget("query", "the query holds a control character or a backslash")
            }
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex, let high = FormEncoding.hexValue(bytes[index + 1]),
                let low = FormEncoding.hexValue(bytes[index + 2]), (high << 4 | low) < 0x20 || (high << 4 | low) == 0x7F
            {
                throw APIError.unsafeTarget("query", "the query holds a percent-encoded control character such as CR or LF")
            }
            index += 1
        }
    }
}

extension APIError {
    static func unsafeTarget(_ field: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "unsafe_\(field)", message: message, field: field)
    }
}
