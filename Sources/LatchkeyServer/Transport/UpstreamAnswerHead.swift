import NIOCore
import NIOHTTP1

/// The head of an upstream's answer, read strictly from its bytes (see `HTTP1Head`): its status, how its body is
/// framed (RFC 9112 section 6.3), whether the connection stays open after it, and the fields to pass on to the
/// caller (all but hop-by-hop ones, and `Server` and `Content-Length`, which the relay sets).
///
/// An answer whose framing is ambiguous is refused: `Transfer-Encoding` with `Content-Length`, `chunked` not last,
/// or `Content-Length` values that disagree or are not numbers.
struct UpstreamAnswerHead {
    let head: HTTP1Head
    let status: Int
    /// HTTP/1.1 (else 1.0).
    let isHTTP11: Bool
    let framing: HTTP1BodyReader.Framing
    let keepAlive: Bool
    /// The fields that cross the relay, in order.
    let passedOn: [HTTP1Head.Field]

    /// `nil` when the head is not a valid status line and fields.
    init?(_ head: HTTP1Head, requestMethod: HTTPMethod = .GET) {
        let line = head.slice(head.startLine)
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8) else { return nil }
        let start = line.startIndex
        let minor = line[start + 7]
        guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"), line[start + 8] == 0x20 else { return nil }
        let digits = line[(start + 9)..<(start + 12)]
        guard digits.allSatisfy(HTTP1Syntax.isDigit), line.count == 12 || line[start + 12] == 0x20,
            line.dropFirst(13).allSatisfy(HTTP1Syntax.isFieldValue)
        else { return nil }
        self.head = head
        self.isHTTP11 = minor == UInt8(ascii: "1")
        self.status = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard status >= 100 else { return nil }

        let connection = head.values(of: "connection")
        let transferEncodings = head.values(of: "transfer-encoding")
        let lengths = head.values(of: "content-length")
        if status < 200 || status == 204 || status == 304 || requestMethod == .HEAD {
            framing = .none
        } else if !transferEncodings.isEmpty {
            guard lengths.isEmpty, isHTTP11 else { return nil }
            let chunked = transferEncodings.flatMap { HTTP1Syntax.listElements($0) }.map { HTTP1Syntax.equalsIgnoringCase($0, "chunked") }
            guard !chunked.dropLast().contains(true) else { return nil }
            framing = chunked.last == true ? .chunked : .untilClose
        } else if !lengths.isEmpty {
            let values = lengths.flatMap { $0.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) }
            guard let length = Self.length(values.first), values.allSatisfy({ Self.length($0) == length }) else { return nil }
            framing = .length(length)
        } else {
            framing = .untilClose
        }
        let closes = connection.contains { HTTP1Syntax.listContains($0, "close") }
        let keepsAlive = connection.contains { HTTP1Syntax.listContains($0, "keep-alive") }
        keepAlive = framing != .untilClose && !closes && (isHTTP11 || keepsAlive)
        passedOn = head.fields.filter { field in
            let name = head.slice(field.name)
            return !Self.isHopByHop(name) && !HTTP1Syntax.equalsIgnoringCase(name, "server")
                && !HTTP1Syntax.equalsIgnoringCase(name, "content-length")
                && !connection.contains { HTTP1Syntax.listElements($0).contains { HTTP1Syntax.sameIgnoringCase($0, name) } }
        }
    }

    /// The reason phrase, as sent.
    var reason: ByteBufferView { head.slice(head.startLine).dropFirst(13) }

    /// The head for SwiftNIO's encoder: HTTP/1.1, the status and reason as sent, the fields passed on, the length
    /// (SwiftNIO's encoder sends chunks without it) and `Server: latchkey`.
    var responseHead: HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(passedOn.count + 1)
        for field in passedOn {
            headers.add(
                name: String(decoding: head.slice(field.name), as: UTF8.self), value: String(decoding: head.slice(field.value), as: UTF8.self))
        }
        if case .length(let length) = framing { headers.add(name: "content-length", value: String(length)) }
        headers.add(name: "server", value: "latchkey")
        let status = HTTPResponseStatus(statusCode: status, reasonPhrase: String(decoding: reason, as: UTF8.self))
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }

    private static func length(_ digits: ByteBufferView.SubSequence?) -> Int? {
        guard let digits else { return nil }
        let trimmed = HTTP1Syntax.trimmed(digits)
        guard !trimmed.isEmpty, trimmed.count <= 18, trimmed.allSatisfy(HTTP1Syntax.isDigit) else { return nil }
        return trimmed.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isHopByHop(_ name: ByteBufferView) -> Bool {
        HTTP1Syntax.equalsIgnoringCase(name, "connection") || HTTP1Syntax.equalsIgnoringCase(name, "keep-alive")
            || HTTP1Syntax.equalsIgnoringCase(name, "proxy-authenticate") || HTTP1Syntax.equalsIgnoringCase(name, "proxy-authorization")
            || HTTP1Syntax.equalsIgnoringCase(name, "proxy-connection") || HTTP1Syntax.equalsIgnoringCase(name, "te")
            || HTTP1Syntax.equalsIgnoringCase(name, "trailer") || HTTP1Syntax.equalsIgnoringCase(name, "transfer-encoding")
            || HTTP1Syntax.equalsIgnoringCase(name, "upgrade")
    }
}
