import NIOCore
import NIOHTTP1

/// The head of an upstream's answer, read strictly from its bytes (see `HTTP1Head`): its status, how its body is
/// framed (RFC 9112 section 6.3), whether the connection stays open after it, and the fields to pass on to the
/// caller (all but hop-by-hop ones, and `Server` and `Content-Length`, which the relay sets).
///
/// Answers are framed as answers to a request other than `HEAD`, which the relay never sends.
///
/// An answer whose framing is ambiguous is refused: `Transfer-Encoding` with `Content-Length`, `chunked` not last,
/// or `Content-Length` values that disagree or are not numbers.
struct UpstreamAnswerHead {
    let head: HTTP1Head
    let status: Int
    let framing: HTTP1BodyReader.Framing
    let keepAlive: Bool
    /// The fields that cross the relay, in order.
    let passedOn: [HTTP1Head.Field]

    /// `nil` when the head is not a valid status line and fields.
    init?(_ head: HTTP1Head) {
        guard let answer = head.withBytes({ Self.read(head, bytes: $0) }) else { return nil }
        self = answer
    }

    private init(head: HTTP1Head, status: Int, framing: HTTP1BodyReader.Framing, keepAlive: Bool, passedOn: [HTTP1Head.Field]) {
        self.head = head
        self.status = status
        self.framing = framing
        self.keepAlive = keepAlive
        self.passedOn = passedOn
    }

    /// Reads `head`, whose bytes are `bytes`, as an answer's head.
    private static func read(_ head: HTTP1Head, bytes: UnsafeRawBufferPointer) -> UpstreamAnswerHead? {
        let line = bytes[head.startLine]
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8) else { return nil }
        let start = line.startIndex
        let minor = line[start + 7]
        guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1"), line[start + 8] == 0x20 else { return nil }
        let digits = line[(start + 9)..<(start + 12)]
        guard digits.allSatisfy(HTTP1Syntax.isDigit), line.count == 12 || line[start + 12] == 0x20,
            line.dropFirst(13).allSatisfy(HTTP1Syntax.isFieldValue)
        else { return nil }
        let isHTTP11 = minor == UInt8(ascii: "1")
        let status = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard status >= 100 else { return nil }

        var connection: [Slice<UnsafeRawBufferPointer>] = []
        var transferEncodings: [Slice<UnsafeRawBufferPointer>] = []
        var lengths: [Slice<UnsafeRawBufferPointer>] = []
        var endToEnd: [HTTP1Head.Field] = []
        endToEnd.reserveCapacity(head.fields.count)
        for field in head.fields {
            switch role(of: bytes[field.name]) {
            case .connection: connection.append(bytes[field.value])
            case .transferEncoding: transferEncodings.append(bytes[field.value])
            case .contentLength: lengths.append(bytes[field.value])
            case .dropped: break
            case .endToEnd: endToEnd.append(field)
            }
        }
        let framing: HTTP1BodyReader.Framing
        if status < 200 || status == 204 || status == 304 {
            framing = .none
        } else if !transferEncodings.isEmpty {
            guard lengths.isEmpty, isHTTP11 else { return nil }
            let chunked = transferEncodings.flatMap { HTTP1Syntax.listElements($0) }.map { HTTP1Syntax.equalsIgnoringCase($0, "chunked") }
            guard !chunked.dropLast().contains(true) else { return nil }
            framing = chunked.last == true ? .chunked : .untilClose
        } else if lengths.count == 1, !lengths[0].contains(UInt8(ascii: ",")) {
            guard let value = Self.length(lengths[0]) else { return nil }
            framing = .length(value)
        } else if !lengths.isEmpty {
            let values = lengths.flatMap { $0.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) }
            guard let value = Self.length(values.first), values.allSatisfy({ Self.length($0) == value }) else { return nil }
            framing = .length(value)
        } else {
            framing = .untilClose
        }
        let closes = connection.contains { HTTP1Syntax.listContains($0, "close") }
        let keepAlive =
            framing != .untilClose && !closes && (isHTTP11 || connection.contains { HTTP1Syntax.listContains($0, "keep-alive") })
        /// Whether the `Connection` fields name `name`, other than as `close` or `keep-alive`.
        func isNamed(_ name: Slice<UnsafeRawBufferPointer>) -> Bool {
            !HTTP1Syntax.equalsIgnoringCase(name, "close") && !HTTP1Syntax.equalsIgnoringCase(name, "keep-alive")
                && connection.contains { HTTP1Syntax.listContains($0) { HTTP1Syntax.sameIgnoringCase($0, name) } }
        }
        let namesOthers = connection.contains { value in
            HTTP1Syntax.listContains(value) { !HTTP1Syntax.equalsIgnoringCase($0, "close") && !HTTP1Syntax.equalsIgnoringCase($0, "keep-alive") }
        }
        return UpstreamAnswerHead(
            head: head, status: status, framing: framing, keepAlive: keepAlive,
            passedOn: namesOthers ? endToEnd.filter { !isNamed(bytes[$0.name]) } : endToEnd)
    }

    /// The reason phrase, as sent.
    var reason: String { head.string(head.startLine.dropFirst(13)) }

    /// The head for SwiftNIO's encoder: HTTP/1.1, the status and reason as sent, the fields passed on, the length
    /// (SwiftNIO's encoder sends chunks without it) and `Server: latchkey`.
    var responseHead: HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(passedOn.count + 1)
        for field in passedOn {
            headers.add(name: head.string(field.name), value: head.string(field.value))
        }
        if case .length(let length) = framing { headers.add(name: "content-length", value: String(length)) }
        headers.add(name: "server", value: "latchkey")
        let status = HTTPResponseStatus(statusCode: status, reasonPhrase: reason)
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }

    private static func length(_ digits: Slice<UnsafeRawBufferPointer>?) -> Int? {
        guard let digits else { return nil }
        let trimmed = HTTP1Syntax.trimmed(digits)
        guard !trimmed.isEmpty, trimmed.count <= 18, trimmed.allSatisfy(HTTP1Syntax.isDigit) else { return nil }
        return trimmed.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private enum Role {
        case connection, transferEncoding, contentLength
        /// Hop-by-hop, or `Server` (the relay sets its own).
        case dropped
        case endToEnd
    }

    /// What a field named `name` is to the relay; the names are told apart by their length first.
    private static func role(of name: Slice<UnsafeRawBufferPointer>) -> Role {
        switch name.count {
        case 2: HTTP1Syntax.equalsIgnoringCase(name, "te") ? .dropped : .endToEnd
        case 6: HTTP1Syntax.equalsIgnoringCase(name, "server") ? .dropped : .endToEnd
        case 7:
            HTTP1Syntax.equalsIgnoringCase(name, "trailer") || HTTP1Syntax.equalsIgnoringCase(name, "upgrade") ? .dropped : .endToEnd
        case 10:
            if HTTP1Syntax.equalsIgnoringCase(name, "connection") {
                .connection
            } else if HTTP1Syntax.equalsIgnoringCase(name, "keep-alive") {
                .dropped
            } else {
                .endToEnd
            }
        case 14: HTTP1Syntax.equalsIgnoringCase(name, "content-length") ? .contentLength : .endToEnd
        case 16: HTTP1Syntax.equalsIgnoringCase(name, "proxy-connection") ? .dropped : .endToEnd
        case 17: HTTP1Syntax.equalsIgnoringCase(name, "transfer-encoding") ? .transferEncoding : .endToEnd
        case 18: HTTP1Syntax.equalsIgnoringCase(name, "proxy-authenticate") ? .dropped : .endToEnd
        case 19: HTTP1Syntax.equalsIgnoringCase(name, "proxy-authorization") ? .dropped : .endToEnd
        default: .endToEnd
        }
    }
}
