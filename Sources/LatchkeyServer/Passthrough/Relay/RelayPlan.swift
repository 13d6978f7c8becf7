import HTTPTypes
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore
import NIOCore
import NIOHTTP1

/// A passthrough call that can be relayed on the event loop it arrived on, with everything it needs decided up
/// front: the caller's key was seen recently, the connection is in memory and fresh, its credentials apply
/// without signing, and the call (in HTTP/1.1) has no retry policy and at most a small body of known length, which
/// is read in full before the call so that it can be sent again.
///
/// Anything else (and every request that would be refused) is not planned here and takes the router's
/// passthrough route, which answers it in full; a plan only ever covers calls the route would forward as they are.
final class RelayPlan: Sendable {
    /// What the connection's version brings to every relayed call.
    let settings: RelayedConnection
    /// The caller's request.
    let request: RelayedRequest
    /// The first upstream request, with the connection's credentials.
    let first: UpstreamRequest

    init(settings: RelayedConnection, request: RelayedRequest, first: UpstreamRequest) {
        self.settings = settings
        self.request = request
        self.first = first
    }

    /// The largest request body relayed. Larger ones are streamed by the router's route.
    static let bodyLimit = 64 * 1024

    var integration: Integration { settings.integration }

    var record: ConnectionRecord { settings.record }

    var method: HTTPRequest.Method { request.method }

    /// The request body's length (its `Content-Length`; 0 for none), at most `bodyLimit`.
    var bodyLength: Int { request.bodyLength }

    /// Sending the request twice does what sending it once does (RFC 9110 section 9.2.2).
    var isIdempotent: Bool { method != .post && method != .patch }

    var connection: Connection { record.connection }

    /// Each request is signed on its own (OAuth 1.0a), over its body too when that is a form: a call with a body is
    /// signed again once the body has arrived.
    var signsEachRequest: Bool { settings.credentials == nil }

    /// The upstream request with `connection`'s credentials (after a refresh, or signed over the `body` that has
    /// arrived), or `nil` when they cannot be applied on the loop.
    func upstreamRequest(with connection: Connection, body: ByteBuffer?) -> UpstreamRequest? {
        Self.upstreamRequest(for: request, settings: settings, connection: connection, body: body)
    }

    /// The upstream request for `request` with `connection`'s credentials applied as the router's route applies
    /// them, to the URL and the forwarded headers as strings (an OAuth 1.0a signature covers `body`, if given);
    /// `nil` when they cannot be applied on the loop (an OAuth 1.0a consumer secret kept with the workspace's app, a
    /// JWT signed per request). Calls whose credentials are the same for every request are written from the bytes
    /// instead (`UpstreamRequest.init(relaying:path:query:template:)`).
    static func upstreamRequest(
        for request: RelayedRequest, settings: RelayedConnection, connection: Connection, body: ByteBuffer?
    ) -> UpstreamRequest? {
        guard let target = try? PassthroughTarget(remainder: Substring(request.head.string(request.remainder))),
            let url = try? target.url(under: settings.base), let forwarded = try? ForwardedHeaders.request(request, limit: .max)
        else { return nil }
        var outgoing = OutgoingRequest(method: request.method.rawValue, url: url, headers: forwarded)
        if let body { outgoing.body = Array(buffer: body) }
        guard let auth = connection.auth, auth.consumerKey == nil || auth.consumerSecret != nil,
            (try? CredentialApplier.applyWithoutSigning(auth, integration: settings.integration, to: &outgoing)) == true
        else { return nil }
        return UpstreamRequest(method: request.method, outgoing, bodyLength: request.bodyLength, origin: settings.origin)
    }
}

/// One request to send upstream: where, and its head as bytes (the body, if any, is the caller's as it came).
struct UpstreamRequest: Sendable {
    let origin: UpstreamOrigin
    let head: ByteBuffer
    /// Where the request target is in `head`.
    private let target: Range<Int>

    var endpoint: UpstreamEndpoint { origin.endpoint }

    /// The URL, for the transport's check: the origin as the API base spells it, and the target.
    var url: String { origin.text + String(decoding: head.readableBytesView[target], as: UTF8.self) }

    /// `outgoing`, whose URL starts with `origin`, with a body of `bodyLength` bytes; `nil` when a header or the target
    /// holds a byte HTTP/1.1 does not allow there.
    init?(method: HTTPRequest.Method, _ outgoing: OutgoingRequest, bodyLength: Int, origin: UpstreamOrigin) {
        let target = origin.target(of: outgoing.url)
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        var head = ByteBuffer()
        head.reserveCapacity(128 + target.utf8.count + outgoing.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 4 })
        head.writeString(method.rawValue)
        head.writeStaticString(" ")
        let targetStart = head.writerIndex
        head.writeString(target)
        let targetEnd = head.writerIndex
        head.writeStaticString(" HTTP/1.1\r\n")
        head.writeBytes(origin.hostLine)
        for (name, value) in outgoing.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTP1Syntax.isToken), value.utf8.allSatisfy(HTTP1Syntax.isFieldValue) else { return nil }
            head.writeString(name)
            head.writeStaticString(": ")
            head.writeString(value)
            head.writeStaticString("\r\n")
        }
        Self.end(&head, method: method, bodyLength: bodyLength)
        self.origin = origin
        self.head = head
        self.target = targetStart..<targetEnd
    }

    /// The caller's `request` written for the upstream from its bytes, with `template`'s base and credentials: its
    /// checked `path` and `query` (ranges of its head, within its `remainder`) under the base, its forwarded fields
    /// (names lowercased, in the order they came, those the credentials set left out) and the credentials' fields.
    /// Written in `recycled`'s storage, which serves again once this request is gone.
    init(
        relaying request: RelayedRequest, path: Range<Int>, query: Range<Int>?, template: UpstreamRequestTemplate, writingIn recycled: RecycledBuffer
    ) {
        var head = recycled.take(capacity: request.head.bytes.readableBytes + template.size, allocator: ByteBufferAllocator())
        head.writeString(request.method.rawValue)
        head.writeStaticString(" ")
        let targetStart = head.writerIndex
        head.writeBytes(template.baseTarget)
        request.head.withBytes { bytes in
            if !path.isEmpty {
                head.writeStaticString("/")
                head.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[path]))
            } else if template.baseTarget.isEmpty {
                head.writeStaticString("/")
            }
            if let query {
                head.writeStaticString("?")
                head.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[query]))
            }
        }
        if let credentialQuery = template.query {
            head.writeStaticString(query == nil ? "?" : "&")
            head.writeBytes(credentialQuery)
        }
        let targetEnd = head.writerIndex
        head.writeStaticString(" HTTP/1.1\r\n")
        head.writeBytes(template.origin.hostLine)
        request.head.withBytes { bytes in
            var lines = HTTP1LineCopier(from: bytes)
            for field in request.head.fields {
                let name = bytes[field.name]
                guard request.forwards(name, in: bytes), !template.sets(name) else { continue }
                if field.isWrittenPlainly(in: bytes) {
                    lines.copy(field, into: &head)
                    continue
                }
                lines.flush(into: &head)
                head.writeLowercased(name)
                head.writeStaticString(": ")
                head.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[field.value]))
                head.writeStaticString("\r\n")
            }
            lines.flush(into: &head)
        }
        head.writeBytes(template.fields)
        Self.end(&head, method: request.method, bodyLength: request.bodyLength)
        recycled.giveBack(head)
        self.origin = template.origin
        self.head = head
        self.target = targetStart..<targetEnd
    }

    /// Writes the `Content-Length` the shared HTTP client would send (the body's length; 0 for a request without a
    /// body unless its method is one whose semantics anticipate none, RFC 9110 section 8.6) and the blank line.
    private static func end(_ head: inout ByteBuffer, method: HTTPRequest.Method, bodyLength: Int) {
        if bodyLength > 0 || (method != .get && method != .head && method != .delete && method != .connect && method != .trace) {
            head.writeStaticString("content-length: ")
            head.writeString(String(bodyLength))
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("\r\n")
    }
}

/// What one version of a connection adds to each request relayed for it, ready as bytes: its API base's origin and
/// path, and its credentials when they are the same for every request. A class, so that each call shares it.
final class UpstreamRequestTemplate: Sendable {
    let origin: UpstreamOrigin
    /// The base's path without trailing slashes (empty for none), which each call's path follows.
    let baseTarget: [UInt8]
    /// The credentials' fields, as lines.
    let fields: [UInt8]
    /// The names of the credentials' fields, lowercase: the caller's fields of these names are not forwarded.
    private let names: [[UInt8]]
    /// The credentials' query parameters, after the caller's.
    let query: [UInt8]?

    /// `nil` when `base` has a query or a fragment, or when a byte of the credentials or of the base's path is not
    /// one HTTP/1.1 allows there: such calls are written from strings instead.
    init?(base: PassthroughTarget.Base, origin: UpstreamOrigin, credentials: FixedCredentials) {
        let baseTarget = Array(base.trimmed.utf8.dropFirst(origin.length))
        guard baseTarget.isEmpty || baseTarget.first == UInt8(ascii: "/"),
            baseTarget.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }),
            credentials.query?.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) ?? true
        else { return nil }
        var fields: [UInt8] = []
        for (name, value) in credentials.headers.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTP1Syntax.isToken), value.utf8.allSatisfy(HTTP1Syntax.isFieldValue) else { return nil }
            fields += name.lowercased().utf8
            fields += ": ".utf8
            fields += value.utf8
            fields += "\r\n".utf8
        }
        self.origin = origin
        self.baseTarget = baseTarget
        self.fields = fields
        self.names = credentials.headers.keys.map { Array($0.lowercased().utf8) }
        self.query = credentials.query.map { Array($0.utf8) }
    }

    /// How many bytes a request head grows by beyond the caller's.
    var size: Int { 64 + origin.hostLine.count + baseTarget.count + fields.count + (query?.count ?? 0) }

    /// Whether the credentials set a field named `name` (in any case).
    func sets(_ name: Slice<UnsafeRawBufferPointer>) -> Bool {
        names.contains { HTTP1Syntax.sameIgnoringCase(name, $0) }
    }
}

extension ByteBuffer {
    /// Writes `bytes` with ASCII letters in lowercase.
    fileprivate mutating func writeLowercased(_ bytes: Slice<UnsafeRawBufferPointer>) {
        let start = writerIndex - readerIndex
        writeBytes(UnsafeRawBufferPointer(rebasing: bytes))
        withUnsafeMutableReadableBytes { written in
            for index in start..<written.count where written[index] >= UInt8(ascii: "A") && written[index] <= UInt8(ascii: "Z") {
                written[index] |= 0x20
            }
        }
    }
}
