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
        let questionMark = remainder.firstIndex(of: "?")
        var rawPath = remainder[..<(questionMark ?? remainder.endIndex)]
        if rawPath.hasPrefix("/") { rawPath = rawPath.dropFirst() }
        try Self.checkPath(rawPath)
        path = String(rawPath)
        if let questionMark {
            let rawQuery = remainder[remainder.index(after: questionMark)...]
            try Self.checkQuery(rawQuery)
            query = String(rawQuery)
        } else {
            query = nil
        }
    }

    /// `base` (an absolute http(s) URL) with this path and query; refuses a result that leaves the base's scheme,
    /// host, port or path.
    func url(under base: String) throws -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        var url = path.isEmpty ? trimmed : trimmed + "/" + path
        if let query { url += "?" + query }
        guard let baseParts = URLComponents(string: trimmed), let parts = URLComponents(string: url),
            parts.scheme?.lowercased() == baseParts.scheme?.lowercased(), parts.host?.lowercased() == baseParts.host?.lowercased(),
            parts.port == baseParts.port, parts.user == nil, parts.password == nil,
            parts.percentEncodedPath.hasPrefix(baseParts.percentEncodedPath)
        else { throw APIError.unsafeTarget("path", "the path leaves the connection's API base") }
        return url
    }

    private static func checkPath(_ path: Substring) throws {
        let bytes = Array(path.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0..<0x21, 0x7F...:
                throw APIError.unsafeTarget("path", "the path holds a space, a control character or a byte outside ASCII")
            case UInt8(ascii: "\\"):
                throw APIError.unsafeTarget("path", "the path holds a backslash")
            case UInt8(ascii: "@"):
                throw APIError.unsafeTarget("path", "the path holds @")
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, let high = FormEncoding.hexValue(bytes[index + 1]), let low = FormEncoding.hexValue(bytes[index + 2])
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
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (position, segment) in segments.enumerated() {
            if segment == "." || segment == ".." { throw APIError.unsafeTarget("path", "the path holds a . or .. segment") }
            if segment.isEmpty && !(position == segments.count - 1 && position > 0) && !path.isEmpty {
                throw APIError.unsafeTarget("path", "the path holds an empty segment (//)")
            }
        }
        if let first = segments.first, first.contains(":") {
            throw APIError.unsafeTarget("path", "the path must be relative to the API base, not an absolute URL")
        }
    }

    private static func checkQuery(_ query: Substring) throws {
        let bytes = Array(query.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") {
                throw APIError.unsafeTarget("query", "the query holds a control character or a backslash")
            }
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = FormEncoding.hexValue(bytes[index + 1]),
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
