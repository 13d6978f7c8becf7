import NIOCore
import NIOHTTP1

/// Answers `Expect: 100-continue` (RFC 9110 section 10.1.1) with `100 Continue` once the request's head has arrived
/// and the answers to the requests before it have been written, so that a client that waits before sending its
/// body (curl does, for a second, with bodies over 1 MiB) does not wait. A body declared larger than the server takes
/// is not invited: the router refuses it with 413 before it is sent. The expectation is met here, so the request
/// goes on without it. Other expectations, and HTTP/1.0 requests, which cannot expect anything, go on as they came.
final class ContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let configuration: ServerConfiguration
    /// For each request whose answer has not ended, in order: whether it is still owed its `100 Continue`.
    private var owedContinue = CircularBuffer<Bool>()

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        guard head.version != .http1_0, HeaderValue.lowercasedTokens(head.headers["expect"]) == ["100-continue"] else {
            owedContinue.append(false)
            return context.fireChannelRead(data)
        }
        head.headers.remove(name: "expect")
        let declared = head.headers.first(name: "content-length").flatMap { Int($0) }
        owedContinue.append(declared.map { $0 <= configuration.maxBodySize(forTarget: head.uri) } ?? true)
        if owedContinue.count == 1 { sendContinueIfOwed(context: context) }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data), owedContinue.popFirst() != nil else { return }
        sendContinueIfOwed(context: context)
    }

    /// Invites the body of the first request whose answer has not ended, when it is owed that.
    private func sendContinueIfOwed(context: ChannelHandlerContext) {
        guard owedContinue.first == true else { return }
        owedContinue[owedContinue.startIndex] = false
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
    }
}
