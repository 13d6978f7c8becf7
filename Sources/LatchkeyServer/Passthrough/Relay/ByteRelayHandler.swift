import NIOCore
import NIOHTTP1

/// The first handler of each server connection: relays passthrough calls straight from the bytes, in front of
/// SwiftNIO's HTTP/1 codec.
///
/// It reads each request head strictly (see `HTTP1Head`): an HTTP/1.1 request line with a method the relay takes
/// and a `/passthrough/` target of visible ASCII, one `Host`, at most one `Content-Length`, and no
/// `Transfer-Encoding`, `Expect` or `Upgrade`. Such a request, when `PassthroughRelay` plans it, is relayed; its
/// body (a small one of known length) is read in full first, and the answer is written as bytes. A request the relay
/// does not take but whose end both readings agree on (a `LendableRequest`: an API call, say) is lent to SwiftNIO's
/// decoder with its whole body, alone, and the relay reads on once its answer has ended. Anything else (a head it
/// cannot read strictly, one that does not fit in `headLimit`, a streamed or large body, a request that closes or
/// upgrades the connection) hands the connection over to SwiftNIO's decoder for good: the bytes from that request's
/// first byte on go to it as they came, and `PassthroughRelayHandler` and the router take the connection from
/// there. So where this reading and SwiftNIO's could differ, SwiftNIO's is the one that counts.
///
/// Requests are answered in order: one that arrives during a call waits for its end (reading pauses once more than
/// `headLimit` bytes wait). `IdleConnectionHandler` hears of each call as its `RelayedRequestObserver`.
final class ByteRelayHandler: ChannelDuplexHandler, RemovableChannelHandler, RelayedCallOwner {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// The longest request head read here; a longer one is handed over.
    static let headLimit = 16 * 1024

    private enum Mode {
        case relaying
        /// The last call's answer closes the connection: nothing more is read.
        case closing
        /// A request the relay does not take went to SwiftNIO's decoder on its own (see `LendableRequest`); what
        /// came after it waits until its answer has ended (`AnswerEndedEvent`), and the relay reads it.
        case lent
        case handedOver
    }

    private let relay: PassthroughRelay
    private let observer: (any RelayedRequestObserver)?
    private var mode = Mode.relaying
    /// Bytes received and not yet taken.
    private var received: ByteBuffer?
    private var call: RelayedCall?
    /// Body bytes of the relayed request still to come.
    private var bodyRemaining = 0
    private var quiescing = false
    private var readPaused = false
    /// The request at the front waits while what its plan needs is read into memory (see `recall`).
    private var recalling = false
    /// How many times what the request at the front needs was read into memory. A write's report from the change
    /// feed may drop what was just read, once; after a second reading, a request that still cannot be planned is
    /// handed over.
    private var recalls = 0
    private var memory = CallerMemory()
    /// Where each request head's fields are listed; its storage serves head after head.
    private var fields: [HTTP1Head.Field] = []
    private let resources: RelayResources

    init(relay: PassthroughRelay, observer: (any RelayedRequestObserver)?) {
        self.relay = relay
        self.observer = observer
        resources = RelayResources(relay: relay)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch mode {
        case .handedOver:
            context.fireChannelRead(data)
        case .closing:
            break
        case .relaying, .lent:
            var buffer = unwrapInboundIn(data)
            if var kept = received {
                kept.writeBuffer(&buffer)
                received = kept
            } else {
                received = buffer
            }
            if mode == .relaying { take(context: context) }
        }
    }

    /// Until it hands the connection over, this handler asks for each read itself, from its own place at the front
    /// of the pipeline: the channel does not read on its own, and a read is not passed through every handler behind.
    func handlerAdded(context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        if context.channel.isActive { readMore(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        if mode != .handedOver { readMore(context: context) }
    }

    /// Only SwiftNIO's side consumes reads: a read that brought it nothing is not reported.
    func channelReadComplete(context: ChannelHandlerContext) {
        if mode == .handedOver {
            context.fireChannelReadComplete()
        } else {
            readMore(context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if mode == .handedOver {
            context.read()
        } else {
            readMore(context: context)
        }
    }

    /// Asks for the next read, unless a call is running (or a lent request is answered) and more than `headLimit`
    /// bytes already wait behind it.
    private func readMore(context: ChannelHandlerContext) {
        let busy = mode == .lent || mode == .relaying && (call != nil || recalling)
        if busy, bodyRemaining == 0, (received?.readableBytes ?? 0) > Self.headLimit {
            readPaused = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        call?.callerWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        call?.cancel()
        call = nil
        resources.timer.stop()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, mode == .relaying, let call {
            quiescing = true
            call.closesAfterAnswer = true
            return
        }
        if event is ChannelShouldQuiesceEvent, mode == .relaying, recalling {
            // Told on once the request held has gone to SwiftNIO's side, which answers it and then closes.
            quiescing = true
            return
        }
        // SwiftNIO's side answers the request lent to it, then closes; nothing after it is read.
        if event is ChannelShouldQuiesceEvent, mode == .lent { quiescing = true }
        context.fireUserInboundEventTriggered(event)
    }

    /// The answer to the request lent to SwiftNIO's side has ended: the relay reads what came after it.
    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is AnswerEndedEvent else { return context.triggerUserOutboundEvent(event, promise: promise) }
        promise?.succeed(())
        guard mode == .lent else { return }
        guard !quiescing else {
            mode = .closing
            received = nil
            return
        }
        mode = .relaying
        takeNext(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        resources.timer.stop()
    }

    // MARK: Requests

    /// Takes what it can of the bytes received: the relayed request's body, or the next request's head.
    private func take(context: ChannelHandlerContext) {
        while mode == .relaying, var bytes = received, bytes.readableBytes > 0 {
            if let call, bodyRemaining > 0 {
                let piece = bytes.readSlice(length: min(bodyRemaining, bytes.readableBytes))!
                received = bytes
                bodyRemaining -= piece.readableBytes
                call.receive(piece)
                observer?.relayedRequest(.requestBody)
                if bodyRemaining == 0 {
                    observer?.relayedRequest(.requestEnd)
                    start(call, context: context)
                }
                continue
            }
            guard call == nil, !quiescing, !recalling else { return }
            switch HTTP1Head.read(from: &bytes, limit: Self.headLimit, reusing: &fields) {
            case .incomplete:
                return
            case .malformed:
                return handOver(context: context)
            case .complete(let head):
                let now = NIODeadline.now()
                guard let relayed = RelayedRequest(head) else { return lendOrHandOver(context: context, by: .otherRequest, head: head) }
                let plan: RelayPlan
                switch relay.plan(relayed, memory: &memory, now: now) {
                case .planned(let planned): plan = planned
                case .needsRecall where recalls < 2: return recall(relayed, context: context)
                case .needsRecall, .routed: return lendOrHandOver(context: context, by: .passthroughCall, head: head)
                }
                recalls = 0
                received = bytes
                let call = RelayedCall(relay: relay, plan: plan, context: context, form: .bytes, resources: resources, started: now, owner: self)
                call.closesAfterAnswer = relayed.closes
                self.call = call
                bodyRemaining = plan.bodyLength
                observer?.relayedRequest(.requestHead(complete: bodyRemaining == 0))
                if bodyRemaining == 0 { start(call, context: context) }
            }
        }
        if received?.readableBytes == 0 { received = nil }
    }

    private func start(_ call: RelayedCall, context: ChannelHandlerContext) {
        if call.closesAfterAnswer {
            mode = .closing
            received = nil
        }
        call.start()
    }

    /// Holds `request`, which could not be planned, while what its plan needs is read into memory, then takes it
    /// again: a connection's first call, or its first after memory let it go, is relayed like the others instead of
    /// handing the server connection over for good. Requests that memory cannot help with are handed over at once.
    private func recall(_ request: RelayedRequest, context: ChannelHandlerContext) {
        recalling = true
        observer?.relayedRequest(.held)
        let relay = self.relay
        context.eventLoop.makeFutureWithTask { await relay.recall(request) }.assumeIsolated().whenComplete { result in
            self.recalling = false
            self.recalls += 1
            self.observer?.relayedRequest(.released)
            guard self.mode == .relaying, context.channel.isActive else { return }
            guard case .success(true) = result, !self.quiescing else {
                self.lendOrHandOver(context: context, by: .passthroughCall)
                if self.quiescing { context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
                return
            }
            self.takeNext(context: context)
        }
    }

    /// What made the connection go to SwiftNIO's decoder.
    private enum HandOverCause {
        /// A request that is not a passthrough call the relay reads (another route, or a head not read strictly).
        case otherRequest
        /// A passthrough call the relay could not take; counted in `latchkey_passthrough_handovers_total`.
        case passthroughCall
    }

    /// Lends the request at the front of the bytes received to SwiftNIO's decoder, on its own, when it is lendable
    /// and its body has all come; waits for the rest of such a body; hands the connection over otherwise. `head` is
    /// the request's head when it has been read already.
    private func lendOrHandOver(context: ChannelHandlerContext, by cause: HandOverCause, head: HTTP1Head? = nil) {
        guard !quiescing, var rest = received, let head = head ?? frontHead(of: rest), let lendable = LendableRequest(head) else {
            return handOver(context: context, by: cause)
        }
        guard let request = rest.readSlice(length: head.bytes.readableBytes + lendable.bodyLength) else {
            // Its body has not all come: taken again, from its head, when more bytes come.
            if readPaused {
                readPaused = false
                context.read()
            }
            return
        }
        received = rest.readableBytes > 0 ? rest : nil
        mode = .lent
        recalls = 0
        context.fireChannelRead(wrapInboundOut(request))
        context.fireChannelReadComplete()
        if readPaused {
            readPaused = false
            readMore(context: context)
        }
    }

    /// The head at the start of `bytes`, when it is complete and read strictly.
    private func frontHead(of bytes: ByteBuffer) -> HTTP1Head? {
        var bytes = bytes
        guard case .complete(let head) = HTTP1Head.read(from: &bytes, limit: Self.headLimit, reusing: &fields) else { return nil }
        return head
    }

    /// Gives the connection to SwiftNIO's decoder for good: the bytes from the request at the front on.
    private func handOver(context: ChannelHandlerContext, by cause: HandOverCause = .otherRequest) {
        mode = .handedOver
        if cause == .passthroughCall { relay.metrics.handedOver() }
        // Nothing is planned here any more: what the caller's calls proved is not kept.
        memory = CallerMemory()
        // From here on the channel reads on its own again, as SwiftNIO's side expects.
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        let bytes = received ?? ByteBuffer()
        received = nil
        if bytes.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(bytes))
            context.fireChannelReadComplete()
        }
        if readPaused {
            readPaused = false
            context.read()
        }
    }

    func relayedCallFinished(_ outcome: RelayedCall.Outcome, context: ChannelHandlerContext) {
        let finished = call
        call = nil
        bodyRemaining = 0
        observer?.relayedRequest(.answered)
        switch outcome {
        case .answered:
            guard mode == .relaying else { return }
        case .broken:
            mode = .closing
            context.flush()
            context.close(promise: nil)
            return
        case .handedOver:
            mode = .relaying
            // The request goes on as it came, before what came after it.
            var bytes = finished?.callerRequest ?? ByteBuffer()
            if var rest = received { bytes.writeBuffer(&rest) }
            received = bytes
            return lendOrHandOver(context: context, by: .passthroughCall)
        }
        if quiescing {
            mode = .closing
            return
        }
        takeNext(context: context)
    }

    /// Takes the request that waited (or its head's bytes, as they come), and reads on if reading paused for it.
    private func takeNext(context: ChannelHandlerContext) {
        take(context: context)
        if readPaused, mode == .relaying {
            readPaused = false
            context.read()
        }
    }
}

/// Sent toward the head of a server connection's pipeline once an answer written in SwiftNIO's HTTP/1 types has
/// ended (and the connection stays open): `ByteRelayHandler` then takes back a connection whose request it lent.
struct AnswerEndedEvent {}

/// Hears of the requests `ByteRelayHandler` reads and answers, which the handlers behind SwiftNIO's decoder do not
/// see as request parts. Called on the connection's event loop.
protocol RelayedRequestObserver: AnyObject {
    func relayedRequest(_ event: RelayedCallEvent)
}

/// A step of a request relayed by `ByteRelayHandler`.
enum RelayedCallEvent {
    /// A request's head has arrived; `complete` when it has no body.
    case requestHead(complete: Bool)
    case requestBody
    case requestEnd
    /// The call's answer has ended, or it was handed over.
    case answered
    /// A request's head waits while what the relay needs of it is read into memory: it counts as a request in
    /// progress.
    case held
    /// The request held goes on: relayed (a `requestHead` follows at once) or to SwiftNIO's decoder, which reads it.
    case released
}
