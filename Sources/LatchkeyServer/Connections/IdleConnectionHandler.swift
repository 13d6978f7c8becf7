import NIOCore
import NIOHTTP1

/// Closes a client's connection that has gone `timeout` without a request in progress, whether its client is
/// silent, gone without a word, or sending a request's head too slowly to finish it in that time; and one whose
/// client has sent nothing for `timeout` in the middle of a request's body, while nothing else is being answered.
/// Calls in progress, relayed ones included, keep it open however long they take.
///
/// One check per timeout period, not a timer per request: each check closes the connection or looks again when it
/// could next be idle long enough.
final class IdleConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler, RelayedRequestObserver {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeout: TimeAmount
    /// Requests whose head has arrived and whose answer has not ended.
    private var unanswered = 0
    /// The last request's head has arrived and its end has not.
    private var requestArriving = false
    /// When the last answer ended (or the connection began).
    private var answeredAt = NIODeadline.now()
    /// When the last part of a request arrived.
    private var readAt = NIODeadline.now()
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        scheduleCheck(at: answeredAt + timeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readAt = .now()
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            requestArriving = true
        case .end:
            requestArriving = false
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    /// Calls relayed in front of SwiftNIO's decoder count as requests.
    func relayedRequest(_ event: RelayedCallEvent) {
        switch event {
        case .requestHead(let complete):
            readAt = .now()
            unanswered += 1
            requestArriving = !complete
        case .requestBody:
            readAt = .now()
        case .requestEnd:
            readAt = .now()
            requestArriving = false
        case .answered:
            unanswered -= 1
            answeredAt = .now()
        case .held:
            readAt = .now()
            unanswered += 1
            requestArriving = false
        case .released:
            unanswered -= 1
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 {
            unanswered -= 1
            answeredAt = .now()
        }
        context.write(data, promise: promise)
    }

    /// When the connection will have been idle for the timeout, as things stand; `nil` while a call is in
    /// progress. A body stops arriving only if the client stops sending it when its request is the only one: with
    /// an answer before it still owed, the server may be the one not reading.
    private var idleUntil: NIODeadline? {
        if unanswered == 0 { return answeredAt + timeout }
        if unanswered == 1 && requestArriving { return readAt + timeout }
        return nil
    }

    private func scheduleCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let now = NIODeadline.now()
            guard let idleUntil = self.idleUntil, now >= idleUntil else {
                return self.scheduleCheck(at: max(self.idleUntil ?? now + self.timeout, now + .milliseconds(10)), context: context)
            }
            self.check = nil
            context.close(promise: nil)
        }
    }
}
