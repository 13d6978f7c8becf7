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
    /// The `Connection` fields name fields (other than `close` and `keep-alive`) that do not cross the relay.
    private let connectionNamesFields: Bool

    /// `nil` when the head is not a valid status line and fields.
    init?(_ head: HTTP1Head) {
        guard let answer = head.withBytes({ Self.read(head, bytes: $0) }) else { return nil }
        self = answer
    }

    private init(head: HTTP1Head, status: Int, framing: HTTP1BodyReader.Framing, keepAlive: Bool, connectionNamesFields: Bool) {
        self.head = head
        self.status = status
        self.framing = framing
        self.keepAlive = keepAlive
        self.connectionNamesFields = connectionNamesFields
    }

    /// Reads `head`, whose bytes are `bytes`, as an answer's head. The fields are read in one pass that keeps what it
    /// found in flags, so that a common answer is read without allocating.
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

        var closes = false
        var listsKeepAlive = false
        var namesFields = false
        var transferEncodings: [Slice<UnsafeRawBufferPointer>] = []
        var firstLength: Slice<UnsafeRawBufferPointer>?
        var lengths = 0
        for field in head.fields {
            let value = bytes[field.value]
            switch role(of: bytes[field.name]) {
            case .connection:
                closes = closes || HTTP1Syntax.listContains(value, "close")
                listsKeepAlive = listsKeepAlive || HTTP1Syntax.listContains(value, "keep-alive")
                namesFields = namesFields || HTTP1Syntax.listContains(value) { !isConnectionOption($0) }
            case .transferEncoding:
                transferEncodings.append(value)
            case .contentLength:
                lengths += 1
                if firstLength == nil { firstLength = value }
            case .dropped, .endToEnd:
                break
            }
        }
        let framing: HTTP1BodyReader.Framing
        if status < 200 || status == 204 || status == 304 {
            framing = .none
        } else if !transferEncodings.isEmpty {
            guard lengths == 0, isHTTP11 else { return nil }
            let chunked = transferEncodings.flatMap { HTTP1Syntax.listElements($0) }.map { HTTP1Syntax.equalsIgnoringCase($0, "chunked") }
            guard !chunked.dropLast().contains(true) else { return nil }
            framing = chunked.last == true ? .chunked : .untilClose
        } else if lengths == 1, let firstLength, !firstLength.contains(UInt8(ascii: ",")) {
            guard let value = Self.length(firstLength) else { return nil }
            framing = .length(value)
        } else if lengths > 0 {
            let values = head.fields.filter { role(of: bytes[$0.name]) == .contentLength }.flatMap {
                bytes[$0.value].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            }
            guard let value = Self.length(values.first), values.allSatisfy({ Self.length($0) == value }) else { return nil }
            framing = .length(value)
        } else {
            framing = .untilClose
        }
        let keepAlive = framing != .untilClose && !closes && (isHTTP11 || listsKeepAlive)
        return UpstreamAnswerHead(head: head, status: status, framing: framing, keepAlive: keepAlive, connectionNamesFields: namesFields)
    }

    /// Whether `field`, one of the head's (whose bytes are `bytes`), crosses the relay: not hop-by-hop, not one the
    /// relay sets, and not named by the `Connection` fields.
    func passesOn(_ field: HTTP1Head.Field, in bytes: UnsafeRawBufferPointer) -> Bool {
        let name = bytes[field.name]
        guard Self.role(of: name) == .endToEnd else { return false }
        guard connectionNamesFields, !Self.isConnectionOption(name) else { return true }
        return !head.fields.contains { other in
            Self.role(of: bytes[other.name]) == .connection
                && HTTP1Syntax.listContains(bytes[other.value]) { HTTP1Syntax.sameIgnoringCase($0, name) }
        }
    }

    /// The fields that cross the relay, in order.
    var passedOn: [HTTP1Head.Field] {
        head.withBytes { bytes in head.fields.filter { passesOn($0, in: bytes) } }
    }

    /// `close` or `keep-alive`: a `Connection` option rather than the name of a field.
    private static func isConnectionOption(_ name: Slice<UnsafeRawBufferPointer>) -> Bool {
        HTTP1Syntax.equalsIgnoringCase(name, "close") || HTTP1Syntax.equalsIgnoringCase(name, "keep-alive")
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
        return HTTP1Syntax.decimal(HTTP1Syntax.trimmed(digits))
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
