import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import LatchkeyModel
import NIOHTTP1

/// Which headers cross the proxy. Never forwarded: hop-by-hop headers (RFC 9110 section 7.6.1, and any the
/// `Connection` header names), `Host` (the client sets the upstream's), `Content-Length` (recomputed), and the
/// caller's `Authorization`, which holds its Latchkey API key.
///
/// The router sees a request's headers as `HTTPFields` (without the first `Host`, which became the authority); the
/// relay sees the fields of the head as they arrived (`RelayedRequest`), and writes those it forwards straight into
/// the upstream request (`UpstreamRequest`). All are judged by `isDropped` and the `Connection` header's names.
enum ForwardedHeaders {
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding",
        "upgrade",
    ]

    /// The caller's headers to send upstream, lowercased; 400 for a value with CR, LF or NUL, 431 when the headers
    /// add up to more than `limit` bytes.
    static func request(_ fields: HTTPFields, limit: Int) throws -> [String: String] {
        try request(
            fields.lazy.map { (name: $0.name.canonicalName, value: $0.value) }, connection: fields[values: .connection], limit: limit)
    }

    /// `request(_:limit:)` for the fields of a relayed call (all but the first `Host`, names lowercased).
    static func request(_ relayed: RelayedRequest, limit: Int) throws -> [String: String] {
        let fields = relayed.fieldsAsStrings
        return try request(fields, connection: fields.filter { $0.name == "connection" }.map(\.value), limit: limit)
    }

    /// Whether a caller's field named `name` (in any case) is never forwarded: hop-by-hop, `Host`, `Content-Length`
    /// or `Authorization`. (Fields the `Connection` header names are not forwarded either.)
    static func isDropped(_ name: some Collection<UInt8>) -> Bool {
        dropped.contains { HTTP1Syntax.sameIgnoringCase(name, $0) }
    }

    private static let dropped: [[UInt8]] = (hopByHop.sorted() + ["host", "content-length", "authorization"]).map { Array($0.utf8) }

    private static func request(
        _ fields: some Sequence<(name: String, value: String)>, connection: [String], limit: Int
    ) throws -> [String: String] {
        let named = HeaderValue.lowercasedTokens(connection)
        var size = 0
        var headers: [String: String] = [:]
        for (name, value) in fields {
            size += name.utf8.count + value.utf8.count + 4
            guard size <= limit else {
                throw APIError(
                    status: .requestHeaderFieldsTooLarge, code: "headers_too_large", message: "the request headers are larger than \(limit) bytes")
            }
            guard !HeaderText.breaksLine(value) else {
                throw APIError(status: .badRequest, code: "unsafe_header", message: "a header holds a line break", field: name)
            }
            if isDropped(name.utf8) || named.contains(name) {
                continue
            }
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        return headers
    }

    /// The upstream's headers to answer with, less hop-by-hop ones.
    static func response(_ headers: HTTPHeaders) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(headers.count)
        for (name, value) in responseHeaders(headers) {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return fields
    }

    /// The headers that are not hop-by-hop. Names are compared without lowercasing them: this runs on every answer.
    private static func responseHeaders(_ headers: HTTPHeaders) -> some Sequence<(name: String, value: String)> {
        let named = HeaderValue.lowercasedTokens(headers["connection"])
        return headers.lazy.filter { header in
            !hopByHop.contains { HeaderValue.equalsLowercased(header.name, $0) } && !named.contains { HeaderValue.equalsLowercased(header.name, $0) }
        }
    }
}
