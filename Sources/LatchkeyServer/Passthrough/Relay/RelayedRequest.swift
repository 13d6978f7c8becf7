import HTTPTypes
import NIOCore
import NIOHTTP1

/// A passthrough call as the relay reads it from the bytes of its head, before anything is looked up: an HTTP/1.1
/// request for `/passthrough/{id}…` with a method the relay takes (any but `HEAD`), one `Host`, one `Authorization`,
/// at most one `Content-Length` of digits, and no `Transfer-Encoding`, `Expect` or `Upgrade`. Any other request is
/// not read as one, and the router answers it.
struct RelayedRequest {
    let head: HTTP1Head
    let method: HTTPRequest.Method
    /// Where the connection id is in the head: letters, digits, `_` and `-`.
    let connectionIDBytes: Range<Int>
    /// Where the target's part after `/passthrough/{id}` is in the head: the path under the API base, and the query.
    let remainder: Range<Int>
    /// Where the `Authorization` value is in the head.
    let authorization: Range<Int>
    /// The body's length: its `Content-Length`, or 0 for none.
    let bodyLength: Int
    /// The caller asked to close the connection after the answer (`Connection: close`).
    let closes: Bool
    /// The headers' size as `ForwardedHeaders` counts it against its limit: each field but the first `Host`, its
    /// name and value and 4 bytes more.
    let headerSize: Int
    /// The values of the `Connection` fields, which name more fields not to forward.
    private let connectionOptions: [Range<Int>]

    /// `head` read as a passthrough call; `nil` when it is not one the relay takes.
    init?(_ head: HTTP1Head) {
        guard let request = head.withBytes({ Self.read(head, bytes: $0) }) else { return nil }
        self = request
    }

    private init(
        head: HTTP1Head, method: HTTPRequest.Method, connectionIDBytes: Range<Int>, remainder: Range<Int>, authorization: Range<Int>,
        bodyLength: Int, closes: Bool, headerSize: Int, connectionOptions: [Range<Int>]
    ) {
        self.head = head
        self.method = method
        self.connectionIDBytes = connectionIDBytes
        self.remainder = remainder
        self.authorization = authorization
        self.bodyLength = bodyLength
        self.closes = closes
        self.headerSize = headerSize
        self.connectionOptions = connectionOptions
    }

    /// Reads `head`, whose bytes are `bytes`, as a passthrough call.
    private static func read(_ head: HTTP1Head, bytes: UnsafeRawBufferPointer) -> RelayedRequest? {
        let line = bytes[head.startLine]
        guard HTTP1Syntax.isHTTP11(requestLine: line), let methodEnd = line.firstIndex(of: 0x20),
            let method = method(line[..<methodEnd])
        else { return nil }
        let targetStart = methodEnd + 1
        let targetEnd = line.endIndex - 9
        guard targetStart < targetEnd, case let target = line[targetStart..<targetEnd], target.starts(with: prefix.utf8),
            target.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        let idStart = targetStart + prefix.utf8.count
        let idEnd = line[idStart..<targetEnd].firstIndex { !isIDByte($0) } ?? targetEnd
        guard idEnd > idStart, idEnd == targetEnd || line[idEnd] == UInt8(ascii: "/") || line[idEnd] == UInt8(ascii: "?") else { return nil }

        var hosts = 0
        var authorization: Range<Int>?
        var authorizations = 0
        var length: Range<Int>?
        var lengths = 0
        var closes = false
        var size = 0
        var connectionOptions: [Range<Int>] = []
        for field in head.fields {
            size += field.name.count + field.value.count + 4
            switch RequestFieldName(bytes[field.name]) {
            case .host:
                hosts += 1
                if hosts == 1 { size -= field.name.count + field.value.count + 4 }
            case .authorization:
                authorizations += 1
                authorization = field.value
            case .contentLength:
                lengths += 1
                length = field.value
            case .connection:
                connectionOptions.append(field.value)
                if HTTP1Syntax.listContains(bytes[field.value], "close") { closes = true }
            case .changesFraming:
                return nil
            case .other:
                break
            }
        }
        guard hosts == 1, authorizations == 1, let authorization, lengths <= 1 else { return nil }
        var bodyLength = 0
        if let length {
            guard let value = HTTP1Syntax.decimal(bytes[length]) else { return nil }
            bodyLength = value
        }
        return RelayedRequest(
            head: head, method: method, connectionIDBytes: idStart..<idEnd,
            remainder: idEnd..<targetEnd, authorization: authorization, bodyLength: bodyLength, closes: closes, headerSize: size,
            connectionOptions: connectionOptions)
    }

    /// `head` (as SwiftNIO's decoder read it) written out and read again strictly; `nil` when it is not a call the
    /// relay takes, or does not read back.
    init?(_ head: HTTPRequestHead) {
        var bytes = ByteBuffer()
        bytes.writeString(head.method.rawValue)
        bytes.writeStaticString(" ")
        bytes.writeString(head.uri)
        bytes.writeString(" HTTP/\(head.version.major).\(head.version.minor)\r\n")
        for (name, value) in head.headers {
            bytes.writeString(name)
            bytes.writeStaticString(": ")
            bytes.writeString(value)
            bytes.writeStaticString("\r\n")
        }
        bytes.writeStaticString("\r\n")
        guard case .complete(let read) = HTTP1Head.read(from: &bytes, limit: bytes.readableBytes), bytes.readableBytes == 0 else { return nil }
        self.init(read)
    }

    /// The connection id as sent.
    var connectionID: String { head.string(connectionIDBytes) }

    /// `/passthrough/{id}` or `/passthrough/{id}/**`, as the router names the route.
    var route: String {
        !remainder.isEmpty && head.withBytes({ $0[remainder.lowerBound] }) == UInt8(ascii: "/") ? "/passthrough/{id}/**" : "/passthrough/{id}"
    }

    /// Whether a field named `name` (bytes of `bytes`, the head's) is forwarded upstream: not one `ForwardedHeaders`
    /// drops, nor one the `Connection` fields name.
    func forwards(_ name: Slice<UnsafeRawBufferPointer>, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard !ForwardedHeaders.isDropped(name) else { return false }
        return !connectionOptions.contains { value in HTTP1Syntax.listContains(bytes[value]) { HTTP1Syntax.sameIgnoringCase($0, name) } }
    }

    /// The fields as `ForwardedHeaders` takes them: all but the first `Host`, names lowercased.
    var fieldsAsStrings: [(name: String, value: String)] {
        var firstHost = true
        return head.fields.compactMap { field in
            let name = head.string(field.name).lowercased()
            if firstHost && name == "host" {
                firstHost = false
                return nil
            }
            return (name, head.string(field.value))
        }
    }

    private static let prefix = "/passthrough/"

    private static func method(_ bytes: Slice<UnsafeRawBufferPointer>) -> HTTPRequest.Method? {
        switch bytes.count {
        case 3 where bytes.elementsEqual("GET".utf8): .get
        case 3 where bytes.elementsEqual("PUT".utf8): .put
        case 4 where bytes.elementsEqual("POST".utf8): .post
        case 5 where bytes.elementsEqual("PATCH".utf8): .patch
        case 6 where bytes.elementsEqual("DELETE".utf8): .delete
        case 7 where bytes.elementsEqual("OPTIONS".utf8): .options
        default: nil
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
