import NIOCore
import NIOHTTP1

/// Keeps a server connection open for as long as its requests ask (RFC 9112 section 9.3): it closes once the answer
/// to an HTTP/1.1 request with `Connection: close`, or to an HTTP/1.0 request without `Connection: keep-alive`, has
/// been written, and reads nothing that came after such a request (RFC 9112 section 9.6), not even to refuse it.
///
/// An HTTP/1.0 client is answered in HTTP/1.0 with a `Connection` header: a body of unknown length then ends with
/// the connection instead of coming in chunks, which HTTP/1.0 does not know, so such an answer always closes it.
/// It is sent no 1xx answer (RFC 9110 section 15.2).
final class PersistentConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private struct Request {
        let version: HTTPVersion
        let keepAlive: Bool
    }

    private enum Reading {
        case open
        /// The request now arriving is the last one read.
        case lastRequest
        case done
    }

    /// The requests whose answers have not ended, in order.
    private var unanswered = CircularBuffer<Request>()
    private var reading = Reading.open
    /// The answer being written ends with the connection.
    private var closesAfterAnswer = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (reading, unwrapInboundIn(data)) {
        case (.done, _):
            return
        case (_, .head(let head)):
            unanswered.append(Request(version: head.version, keepAlive: head.isKeepAlive))
            if !head.isKeepAlive { reading = .lastRequest }
        case (.lastRequest, .end):
            reading = .done
        default:
            break
        }
        context.fireChannelRead(data)
    }

    /// SwiftNIO's decoder refuses bytes sent after a request that asked to close; they are not read, so that is no
    /// error of the connection's.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if reading == .done, error is HTTPParserError { return }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let request = unanswered.first else { return context.write(data, promise: promise) }
        let http10 = request.version == .http1_0
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code < 200:
            if http10 {
                promise?.succeed(())
            } else {
                context.write(data, promise: promise)
            }
        case .head(var head):
            closesAfterAnswer = !request.keepAlive || http10 && !head.headers.contains(name: "content-length")
            if http10 {
                head.version = .http1_0
                head.headers.replaceOrAdd(name: "connection", value: closesAfterAnswer ? "close" : "keep-alive")
            } else if closesAfterAnswer {
                head.headers.replaceOrAdd(name: "connection", value: "close")
            }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            unanswered.removeFirst()
            guard closesAfterAnswer else {
                context.write(data, promise: promise)
                // A request `ByteRelayHandler` lent to the decoder has been answered: it reads the bytes again.
                return context.triggerUserOutboundEvent(AnswerEndedEvent(), promise: nil)
            }
            closesAfterAnswer = false
            reading = .done
            let written = promise ?? context.eventLoop.makePromise()
            context.write(data, promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
