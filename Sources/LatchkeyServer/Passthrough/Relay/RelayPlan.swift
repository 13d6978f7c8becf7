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
    let record: ConnectionRecord
    /// What the connection's version brings to every relayed call.
    let settings: RelayedConnection
    let method: HTTPRequest.Method
    /// The caller's headers to forward (see `ForwardedHeaders`).
    let forwarded: [String: String]
    /// The URL before credentials are applied.
    let url: String
    /// `/passthrough/{id}` or `/passthrough/{id}/**`, as the router names the route.
    let route: String
    /// The request body's length (its `Content-Length`; 0 for none), at most `bodyLimit`.
    let bodyLength: Int
    /// The first upstream request, with the connection's credentials.
    let first: UpstreamRequest

    init(
        record: ConnectionRecord, settings: RelayedConnection, method: HTTPRequest.Method, forwarded: [String: String], url: String,
        route: String, bodyLength: Int, first: UpstreamRequest
    ) {
        self.record = record
        self.settings = settings
        self.method = method
        self.forwarded = forwarded
        self.url = url
        self.route = route
        self.bodyLength = bodyLength
        self.first = first
    }

    /// The largest request body relayed. Larger ones are streamed by the router's route.
    static let bodyLimit = 64 * 1024

    var integration: Integration { settings.integration }

    /// Sending the request twice does what sending it once does (RFC 9110 section 9.2.2).
    var isIdempotent: Bool { method != .post && method != .patch }

    var connection: Connection { record.connection }

    /// Each request is signed on its own (OAuth 1.0a), over its body too when that is a form: a call with a body is
    /// signed again once the body has arrived.
    var signsEachRequest: Bool { settings.credentials == nil }

    /// The upstream request with `connection`'s credentials (after a refresh, or signed over the `body` that has
    /// arrived), or `nil` when they cannot be applied on the loop.
    func upstreamRequest(with connection: Connection, body: ByteBuffer?) -> UpstreamRequest? {
        Self.upstreamRequest(
            method: method, url: url, forwarded: forwarded, bodyLength: bodyLength, body: body, origin: settings.origin, connection: connection,
            integration: settings.integration)
    }

    /// The request to `url` with the caller's `forwarded` headers and `connection`'s credentials: `credentials` when
    /// worked out for this version already, else applied now (an OAuth 1.0a signature covers `body`, if given);
    /// `nil` when they cannot be applied on the loop (an OAuth 1.0a consumer secret kept with the workspace's app, a
    /// JWT signed per request).
    static func upstreamRequest(
        method: HTTPRequest.Method, url: String, forwarded: [String: String], bodyLength: Int, body: ByteBuffer? = nil, origin: UpstreamOrigin,
        connection: Connection, integration: Integration, credentials: FixedCredentials? = nil
    ) -> UpstreamRequest? {
        var outgoing = OutgoingRequest(method: method.rawValue, url: url, headers: forwarded)
        if let credentials {
            credentials.apply(to: &outgoing)
        } else {
            if let body { outgoing.body = Array(buffer: body) }
            guard let auth = connection.auth, auth.consumerKey == nil || auth.consumerSecret != nil,
                (try? CredentialApplier.applyWithoutSigning(auth, integration: integration, to: &outgoing)) == true
            else { return nil }
        }
        return UpstreamRequest(method: method, outgoing, bodyLength: bodyLength, origin: origin)
    }
}

/// One request to send upstream: where, its head as bytes (the body, if any, is the caller's as it came), and its URL
/// for the transport's check.
struct UpstreamRequest: Sendable {
    let endpoint: UpstreamEndpoint
    let head: ByteBuffer
    let url: String

    /// `outgoing`, whose URL starts with `origin`, with a body of `bodyLength` bytes; `nil` when a header or the target
    /// holds a byte HTTP/1.1 does not allow there. Its `Content-Length` is the one the shared HTTP client would send:
    /// the body's length, or 0 for a method that has a body by nature.
    init?(method: HTTPRequest.Method, _ outgoing: OutgoingRequest, bodyLength: Int, origin: UpstreamOrigin) {
        let target = origin.target(of: outgoing.url)
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        var head = ByteBuffer()
        head.reserveCapacity(128 + target.utf8.count + outgoing.headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 4 })
        head.writeString(method.rawValue)
        head.writeStaticString(" ")
        head.writeString(target)
        head.writeStaticString(" HTTP/1.1\r\nhost: ")
        head.writeString(origin.endpoint.hostHeader)
        head.writeStaticString("\r\n")
        for (name, value) in outgoing.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTP1Syntax.isToken), value.utf8.allSatisfy(HTTP1Syntax.isFieldValue) else { return nil }
            head.writeString(name)
            head.writeStaticString(": ")
            head.writeString(value)
            head.writeStaticString("\r\n")
        }
        if bodyLength > 0 || method == .post || method == .put || method == .patch {
            head.writeStaticString("content-length: ")
            head.writeString(String(bodyLength))
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("\r\n")
        self.endpoint = origin.endpoint
        self.head = head
        self.url = outgoing.url
    }
}
