import NIOCore
import NIOHTTP1

/// Sits in each server connection's pipeline between SwiftNIO's HTTP/1 codec and the codec to Swift HTTP Types that
/// leads to the router: relays the passthrough calls `PassthroughRelay` plans, and passes every other request on
/// untouched.
///
/// Answers go out in the order requests came: a call is relayed only while the router owes no answer on the
/// connection, and requests arriving during a relayed call wait until its answer is written (reading pauses once
/// one has arrived). A relayed request's body (a small one, see `RelayPlan`) is read in full before its call starts.
/// A request the relay cannot serve after all (its upstream pool is full) is passed on as if it had just arrived.
final class PassthroughRelayHandler: ChannelDuplexHandler, RemovableChannelHandler, RelayedCallOwner {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let relay: PassthroughRelay
    /// Requests passed on to the router whose answers have not ended yet.
    private var owedByRouter = 0
    /// The parts now arriving belong to a request passed on to the router.
    private var passingOn = false
    private var call: (call: RelayedCall, head: HTTPRequestHead)?
    /// The relayed request's own end has not arrived yet (it has no body).
    private var relayedRequestOpen = false
    /// The relayed request's body is arriving: the call starts at its end.
    private var receivingBody = false
    /// Parts that arrived during a relayed call, in order.
    private var waiting: [HTTPServerRequestPart] = []
    /// An error (a request SwiftNIO could not decode) that came after them: the router answers it once they are done.
    private var waitingError: (any Error)?
    private var readPaused = false
    /// A part was passed on since the last read completed: the router's side must hear that this read did.
    private var passedOnUnread = false
    private var quiescing = false
    private var memory = CallerMemory()
    private let resources: RelayResources

    init(relay: PassthroughRelay) {
        self.relay = relay
        resources = RelayResources(relay: relay)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if relayedRequestOpen { return take(part, context: context) }
        if !receivingBody && (call != nil || !waiting.isEmpty) {
            waiting.append(part)
        } else {
            take(part, context: context)
        }
    }

    /// Only the router's side consumes reads: a read that brought it nothing (a relayed call) is not reported.
    func channelReadComplete(context: ChannelHandlerContext) {
        guard passedOnUnread else { return }
        passedOnUnread = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { owedByRouter -= 1 }
        context.write(data, promise: promise)
    }

    /// Reading goes on during a relayed call, so that the socket's interest need not change with every call, until
    /// a part has arrived meanwhile: then it waits for the call's end.
    func read(context: ChannelHandlerContext) {
        if call != nil, !waiting.isEmpty {
            readPaused = true
        } else {
            context.read()
        }
    }

    /// An error that comes during a relayed call waits for its end, so that the router's answer to it (a 400 for a
    /// request that could not be decoded) is not written into the relayed one.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if call != nil || !waiting.isEmpty {
            if waitingError == nil { waitingError = error }
        } else {
            context.fireErrorCaught(error)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        call?.call.callerWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        call?.call.cancel()
        call = nil
        resources.timer.stop()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, let (call, _) = call {
            quiescing = true
            call.closesAfterAnswer = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        resources.timer.stop()
    }

    // MARK: Routing parts

    private func take(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        if relayedRequestOpen {
            if case .end = part { relayedRequestOpen = false }
            return
        }
        if receivingBody, let (call, _) = call {
            switch part {
            case .body(let buffer):
                call.receive(buffer)
            case .end:
                receivingBody = false
                call.start()
            case .head:
                break  // The decoder ends each request before the next one's head.
            }
            return
        }
        switch part {
        case .head(let head):
            if owedByRouter == 0, !passingOn, !quiescing, let plan = relay.plan(head, memory: &memory) {
                let call = RelayedCall(relay: relay, plan: plan, context: context, form: .parts, resources: resources, owner: self)
                self.call = (call, head)
                if plan.bodyLength > 0 {
                    receivingBody = true
                } else {
                    relayedRequestOpen = true
                    call.start()
                }
            } else {
                passOn(part, context: context)
            }
        case .body, .end:
            if passingOn { passOn(part, context: context) }
        }
    }

    private func passOn(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head:
            owedByRouter += 1
            passingOn = true
        case .end:
            passingOn = false
        case .body:
            break
        }
        passedOnUnread = true
        context.fireChannelRead(wrapInboundOut(part))
    }

    func relayedCallFinished(_ outcome: RelayedCall.Outcome, context: ChannelHandlerContext) {
        guard let (finishedCall, head) = call else { return }
        call = nil
        switch outcome {
        case .handedOver:
            passOn(.head(head), context: context)
            if let body = finishedCall.body { passOn(.body(body), context: context) }
            if relayedRequestOpen {
                relayedRequestOpen = false
            } else {
                passOn(.end(nil), context: context)
            }
            if quiescing {
                quiescing = false
                context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
        case .broken:
            context.flush()
            context.close(promise: nil)
            return
        case .answered where finishedCall.closesAfterAnswer:
            return
        case .answered:
            break
        }
        let parts = waiting
        waiting = []
        // A relayed request's own end, when it waited behind its head, is taken too.
        for (index, part) in parts.enumerated() {
            guard call == nil || receivingBody || relayedRequestOpen else {
                waiting = Array(parts[index...])
                break
            }
            take(part, context: context)
        }
        // What was passed on from `waiting` (or a handed-over call) is read complete.
        channelReadComplete(context: context)
        if call == nil, waiting.isEmpty, let error = waitingError {
            waitingError = nil
            context.fireErrorCaught(error)
        }
        if readPaused, call == nil || receivingBody {
            readPaused = false
            context.read()
        }
    }
}
