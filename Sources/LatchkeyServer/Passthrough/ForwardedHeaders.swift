import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOHTTP1

/// Which headers cross the proxy. Never forwarded: hop-by-hop headers (RFC 9110 section 7.6.1, and any the
/// `Connection` header names), `Host` (the client sets the upstream's), `Content-Length` (recomputed), and the
/// caller's `Authorization`, which holds its Latchkey API key.
enum ForwardedHeaders {
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding",
        "upgrade",
    ]

    /// The caller's headers to send upstream, lowercased; 400 for a value with CR, LF or NUL, 431 when the headers
    /// add up to more than `limit` bytes.
    static func request(_ fields: HTTPFields, limit: Int) throws -> [String: String] {
        let named = connectionNamed(fields)
        var size = 0
        var headers: [String: String] = [:]
        for field in fields {
            size += field.name.rawName.utf8.count + field.value.utf8.count + 4
            guard size <= limit else {
                throw APIError(
                    status: .requestHeaderFieldsTooLarge, code: "headers_too_large", message: "the request headers are larger than \(limit) bytes")
            }
            let name = field.name.canonicalName
            guard !field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw APIError(status: .badRequest, code: "unsafe_header", message: "header \(name) holds a line break", field: name)
            }
            if hopByHop.contains(name) || named.contains(name) || name == "host" || name == "content-length" || name == "authorization" {
                continue
            }
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        return headers
    }

    /// The upstream's headers to answer with, less hop-by-hop ones.
    static func response(_ headers: HTTPHeaders) -> HTTPFields {
        let named = HeaderValue.lowercasedTokens(headers["connection"])
        var fields = HTTPFields()
        fields.reserveCapacity(headers.count)
        for (name, value) in headers {
            guard let fieldName = HTTPField.Name(name), !hopByHop.contains(fieldName.canonicalName), !named.contains(fieldName.canonicalName)
            else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return fields
    }

    private static func connectionNamed(_ fields: HTTPFields) -> Set<String> {
        HeaderValue.lowercasedTokens(fields[values: .connection])
    }
}
