import HTTPTypes
import NIOCore
import NIOHTTP1

/// Gives a request SwiftNIO could not decode Latchkey's JSON error instead of an empty body: 431 `headers_too_large`
/// when its head is larger than the decoder reads (80 KiB), else 400 `malformed_request`.
///
/// Hummingbird answers a decoding error itself, in turn after the answers owed before it, with a bodiless 400 that
/// closes the connection. This handler notes the error as it passes, and fills in that answer's status and body when
/// it is written. That answer is told apart by its `Connection: close`: no other answer has one yet here, between
/// the router and `PersistentConnectionHandler` (which adds it, and which swallows the errors of bytes it does not
/// read, before they reach this handler); upstream answers lose theirs with the other hop-by-hop headers. The decoder
/// reads nothing after such an error, so there is at most one per connection.
final class DecodingErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The answer owed to the error that stopped the decoder.
    private var refusal: APIError?

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if refusal == nil, let error = error as? HTTPParserError { refusal = Self.refusal(of: error) }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let refusal, case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest,
            head.headers["content-length"] == ["0"], head.headers["connection"] == ["close"]
        else { return context.write(data, promise: promise) }
        self.refusal = nil
        let body = refusal.body
        head.status = HTTPResponseStatus(statusCode: refusal.status.code, reasonPhrase: refusal.status.reasonPhrase)
        head.headers.replaceOrAdd(name: "content-type", value: "application/json; charset=utf-8")
        head.headers.replaceOrAdd(name: "content-length", value: String(body.readableBytes))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: promise)
    }

    static func refusal(of error: HTTPParserError) -> APIError {
        switch error {
        case .headerOverflow:
            APIError(
                status: .requestHeaderFieldsTooLarge, code: "headers_too_large",
                message: "the request head is larger than the server reads (80 KiB)")
        default:
            APIError(status: .badRequest, code: "malformed_request", message: "the request could not be read as HTTP/1.1")
        }
    }
}
