import HTTPTypes
import LatchkeyModel
import NIOCore
import NIOHTTP1

/// One passthrough call relayed on its server connection's event loop: the request goes to a pooled upstream
/// connection and the answer streams back part by part, as `PassthroughRoutes` would answer it.
///
/// Like the route, it refreshes once and tries once more when the upstream answers 401 and the connection can be
/// refreshed; answers 504 when no response head comes within the upstream time limit and 502 when the upstream
/// cannot be reached; and passes everything else back as it came. The request's body, if any, is read in full
/// before the call starts and kept, so that it can be sent again. A reused connection that closes before answering
/// is replaced once by a new one when the method is idempotent (RFC 9110 section 9.2.2): the upstream may have
/// acted on the request already, so a `POST` or `PATCH` is not sent twice. While the caller cannot take more bytes,
/// the upstream connection stops reading.
final class RelayedCall: UpstreamReceiver {
    /// How a call ended, for the server connection's handler.
    enum Outcome {
        /// The answer was written in full.
        case answered
        /// The answer broke off after its head: the caller's connection must close.
        case broken
        /// Nothing was sent anywhere: the router should answer the request instead.
        case handedOver
    }

    private enum Phase {
        case connecting, awaitingHead, discarding, refreshing, relaying, done
    }

    private let relay: PassthroughRelay
    private let plan: RelayPlan
    private let context: ChannelHandlerContext
    private var writer: CallerAnswerWriter
    private let pool: UpstreamChannelPool
    /// The server connection's handler, which hears when the call ends; it keeps the call while it runs.
    private unowned let owner: any RelayedCallOwner
    private let metrics: RecentMetricHandles
    private let started: NIODeadline
    private var request: UpstreamRequest
    /// The caller's request body, as received so far.
    private(set) var body: ByteBuffer?
    private var phase = Phase.connecting
    private var attempt = 1
    private var mayReplaceReused: Bool
    private var upstream: (connection: UpstreamConnection, reused: Bool)?
    private var keepsUpstreamAlive = true
    /// The upstream connection stopped reading because the caller could take no more bytes.
    private var upstreamPaused = false
    private var upstreamStarted: NIODeadline
    /// The server connection's timer: answers 504 when no head comes in time; later, breaks the answer off once the
    /// upstream stays silent for the channels' idle timeout (while the caller takes bytes: waiting for a slow caller
    /// is not silence).
    private let timer: RelayTimer
    private var lastRead: NIODeadline
    private var answeredStatus = 0
    /// Close the caller's connection once the answer's end is written: the server is stopping. (A caller that asks
    /// for it is served by `PersistentConnectionHandler`, which reads nothing after such a request.)
    var closesAfterAnswer = false

    /// A call that started at `started` (when its request head was read).
    init(
        relay: PassthroughRelay, plan: RelayPlan, context: ChannelHandlerContext, form: CallerAnswerWriter.Form, resources: RelayResources,
        started: NIODeadline = .now(), owner: any RelayedCallOwner
    ) {
        self.relay = relay
        self.plan = plan
        self.context = context
        self.writer = CallerAnswerWriter(context: context, form: form, recycled: resources.answerBytes)
        self.pool = resources.pool(on: context.eventLoop)
        self.owner = owner
        self.timer = resources.timer
        self.metrics = resources.metrics
        self.started = started
        self.upstreamStarted = started
        self.lastRead = started
        self.request = plan.first
        self.mayReplaceReused = plan.isIdempotent
    }

    /// The caller's request as it came, head and body, for the router when the call hands it over.
    var callerRequest: ByteBuffer {
        var bytes = plan.request.head.bytes
        if var body { bytes.writeBuffer(&body) }
        return bytes
    }

    /// Keeps a part of the request body; the call starts once it has all of it.
    func receive(_ buffer: ByteBuffer) {
        if body == nil {
            body = buffer
        } else {
            body?.writeImmutableBuffer(buffer)
        }
    }

    /// Sends the request, once its body (if any) has arrived: a request without one is sent as its head is read, at
    /// `started`.
    func start() {
        if plan.signsEachRequest, let body {
            guard let signed = plan.upstreamRequest(with: plan.connection, body: body) else {
                phase = .done
                return owner.relayedCallFinished(.handedOver, context: context)
            }
            request = signed
        }
        send(mayHandOver: true, at: plan.bodyLength == 0 ? started : .now())
    }

    /// The caller's connection closed: the call stops, and its upstream connection is not reused.
    func cancel() {
        guard phase != .done else { return }
        phase = .done
        timer.disarm()
        if let upstream { close(upstream.connection) }
    }

    /// The caller can take more bytes (or not): the upstream connection reads on (or waits).
    func callerWritabilityChanged(_ writable: Bool) {
        guard phase == .relaying, let channel = upstream?.connection.channel else { return }
        lastRead = .now()
        upstreamPaused = !writable
        try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: writable)
    }

    // MARK: Sending

    /// Sends the request on a pooled connection, at `now`, or on a new one once it is open.
    private func send(mayHandOver: Bool, fresh: Bool = false, at now: NIODeadline = .now()) {
        do {
            try relay.channels.check(request)
        } catch {
            answer(.unreachable(plan.integration), upstreamCall: true)
            return
        }
        phase = .connecting
        switch pool.acquire(request.endpoint, fresh: fresh, evenIfFull: !mayHandOver) {
        case .idle(let connection):
            attach(connection, reused: true, at: now)
        case .connecting(let connecting):
            connecting.assumeIsolated().whenComplete { result in
                switch result {
                case .success(let connection): self.attach(connection, reused: false, at: .now())
                case .failure: if self.phase == .connecting { self.answer(.unreachable(self.plan.integration), upstreamCall: true) }
                }
            }
        case nil:
            phase = .done
            owner.relayedCallFinished(.handedOver, context: context)
        }
    }

    private func attach(_ connection: UpstreamConnection, reused: Bool, at now: NIODeadline) {
        guard phase == .connecting else {
            pool.release(connection, to: request.endpoint, reusable: true)
            return
        }
        connection.answers.receiver = self
        upstream = (connection, reused)
        keepsUpstreamAlive = true
        phase = .awaitingHead
        upstreamStarted = now
        schedule(until: now + min(relay.upstreamTimeout, relay.channels.idleTimeout))
        connection.answers.send(request.head, body: body)
    }

    /// The time `schedule` asked for has come.
    func timerFired() {
        let now = NIODeadline.now()
        switch phase {
        case .awaitingHead:
            let headDeadline = upstreamStarted + relay.upstreamTimeout
            guard now >= headDeadline else { return schedule(until: headDeadline) }
            if let upstream { close(upstream.connection) }
            answer(.upstreamTimeout(plan.integration, after: relay.routes.configuration.upstreamTimeout), upstreamCall: true)
        case .relaying, .discarding:
            guard context.channel.isWritable else {
                lastRead = now
                return schedule(until: now + relay.channels.idleTimeout)
            }
            let silentUntil = lastRead + relay.channels.idleTimeout
            guard now >= silentUntil else { return schedule(until: silentUntil) }
            guard let upstream else { return }
            close(upstream.connection)
            upstreamClosed(upstream)
        default:
            break
        }
    }

    private func schedule(until deadline: NIODeadline) {
        timer.arm(until: deadline, for: self, on: context.eventLoop)
    }

    // MARK: UpstreamReceiver

    func upstreamHead(_ head: UpstreamAnswerHead) {
        guard phase == .awaitingHead else { return }
        let now = NIODeadline.now()
        lastRead = now
        let status = head.status
        metrics.passthrough(integration: plan.integration.type, status: status, upstreamDuration: Duration(now - upstreamStarted))
        keepsUpstreamAlive = head.keepAlive
        if status == 401, attempt == 1, relay.routes.refresher.canRefresh(plan.connection) {
            phase = .discarding
            return
        }
        phase = .relaying
        answeredStatus = status
        writer.head(head, closing: closesAfterAnswer)
        if !context.channel.isWritable { callerWritabilityChanged(false) }
    }

    func upstreamBody(_ buffer: ByteBuffer) {
        guard phase == .relaying else { return }
        writer.body(buffer)
    }

    /// The upstream's silence is counted from its last read that did not end the answer (one that did leaves no
    /// call to tell).
    func upstreamReadComplete() {
        guard phase == .relaying || phase == .discarding else { return }
        lastRead = .now()
        if phase == .relaying { writer.flush() }
    }

    func upstreamEnd() {
        guard let upstream else { return }
        self.upstream = nil
        timer.disarm()
        // The answer ended while the caller could take no more: the connection goes back to the pool reading.
        if upstreamPaused {
            upstreamPaused = false
            try? upstream.connection.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
        pool.release(upstream.connection, to: request.endpoint, reusable: keepsUpstreamAlive)
        switch phase {
        case .discarding:
            refreshAndRetry()
        case .relaying:
            phase = .done
            end(.answered)
        default:
            break
        }
    }

    func upstreamFailed() {
        guard let upstream else { return }
        self.upstream = nil
        timer.disarm()
        upstreamClosed(upstream)
    }

    /// The upstream connection closed (or was closed) before its answer ended.
    private func upstreamClosed(_ upstream: (connection: UpstreamConnection, reused: Bool)) {
        switch phase {
        case .awaitingHead where upstream.reused && mayReplaceReused:
            mayReplaceReused = false
            send(mayHandOver: false, fresh: true)
        case .awaitingHead:
            answer(.unreachable(plan.integration), upstreamCall: true)
        case .discarding:
            refreshAndRetry()
        case .relaying:
            phase = .done
            end(.broken)
        default:
            break
        }
    }

    // MARK: Refusal

    private func refreshAndRetry() {
        phase = .refreshing
        let routes = relay.routes
        let record = plan.record
        context.eventLoop.makeFutureWithTask { try await routes.refreshedAfterRefusal(record) }.assumeIsolated().whenComplete { result in
            guard self.phase == .refreshing else { return }
            switch result {
            case .success(let connection):
                guard let request = self.plan.upstreamRequest(with: connection, body: self.body) else {
                    self.answer(.credentialsNotApplicable, upstreamCall: true)
                    return
                }
                self.request = request
                self.attempt = 2
                self.mayReplaceReused = self.plan.isIdempotent
                self.send(mayHandOver: false)
            case .failure(let error as APIError):
                self.answer(error, upstreamCall: false)
            case .failure:
                self.answer(.unexpected, upstreamCall: false)
            }
        }
    }

    // MARK: Answering

    /// Answers `error` as JSON; `upstreamCall` counts it as the call's upstream outcome, as the route does.
    private func answer(_ error: APIError, upstreamCall: Bool) {
        phase = .done
        if upstreamCall { metrics.passthrough(integration: plan.integration.type, status: error.status.code, upstreamDuration: nil) }
        let body = error.body
        var fields = error.responseFields
        fields[.contentLength] = String(body.readableBytes)
        fields[.server] = "latchkey"
        answeredStatus = error.status.code
        writer.head(HTTPResponse(status: error.status, headerFields: fields), closing: closesAfterAnswer)
        writer.body(body)
        end(.answered)
    }

    /// Ends the answer, and closes the connection once the end has been written when `closesAfterAnswer`.
    private func writeEnd() {
        guard closesAfterAnswer else { return writer.end(written: nil) }
        let context = self.context
        let written = context.eventLoop.makePromise(of: Void.self)
        writer.end(written: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// Counts and logs the call, then ends the answer when it was written in full (whoever reads the answer's end
    /// finds the call in the metrics), or flushes what there is of one broken off.
    private func end(_ outcome: Outcome) {
        let elapsed = Duration(NIODeadline.now() - started)
        let method = plan.method.rawValue
        let route = plan.request.route
        relay.metrics.relayed(behindCodec: writer.form == .parts)
        metrics.request(route: route, method: method, status: answeredStatus, duration: elapsed)
        RequestLog.answered(method: method, route: route, status: answeredStatus, elapsed: elapsed, logger: relay.logger)
        switch outcome {
        case .answered: writeEnd()
        case .broken: writer.flush()
        case .handedOver: break
        }
        owner.relayedCallFinished(outcome, context: context)
    }

    private func close(_ connection: UpstreamConnection) {
        connection.answers.receiver = nil
        connection.channel.close(promise: nil)
        upstream = nil
    }
}

/// The server connection handler a `RelayedCall` tells when it ends.
protocol RelayedCallOwner: AnyObject {
    /// The call ended with `outcome` on the connection of `context`.
    func relayedCallFinished(_ outcome: RelayedCall.Outcome, context: ChannelHandlerContext)
}
