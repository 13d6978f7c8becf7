import NIOCore

/// What an upstream connection reports to the call it is serving.
protocol UpstreamReceiver: AnyObject {
    func upstreamHead(_ head: UpstreamAnswerHead)
    /// A piece of the answer's content (a chunked answer's data without its framing).
    func upstreamBody(_ buffer: ByteBuffer)
    func upstreamEnd()
    /// The connection broke or closed before the answer ended, or the answer could not be read.
    func upstreamFailed()
    /// The bytes read so far have all been reported.
    func upstreamReadComplete()
}

/// The only handler of a pooled upstream connection (after TLS): reads each answer from the bytes, strictly (see
/// `UpstreamAnswerHead` and `HTTP1BodyReader`), and hands its parts to the call that holds the connection.
/// Informational 1xx answers are dropped. An answer that cannot be read, a `101`, or bytes arriving while no call
/// holds the connection (an answer nobody asked for) close the connection.
final class UpstreamAnswerReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The longest answer head read.
    static let headLimit = 64 * 1024

    /// The call holding the connection; the pool clears it when the call gives the connection back.
    var receiver: (any UpstreamReceiver)?
    /// The reader's place in the pipeline, while it is in one: requests are written from it.
    private var context: ChannelHandlerContext?
    /// The upstream sent something it was not asked for: the connection must not serve another call.
    private(set) var isSpoiled = false
    /// Bytes of an answer's head (or chunk framing) that arrived without the rest.
    private var received: ByteBuffer?
    private var body: HTTP1BodyReader?
    private var untilClose = false
    /// Where each answer head's fields are listed; its storage serves head after head.
    private var fields: [HTTP1Head.Field] = []

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes a request's `head` and `body` (if any) and flushes them.
    func send(_ head: ByteBuffer, body: ByteBuffer?) {
        guard let context else { return }
        if let body {
            context.write(wrapOutboundOut(head), promise: nil)
            context.writeAndFlush(wrapOutboundOut(body), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(head), promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard receiver != nil else { return context.close(promise: nil) }
        if var kept = received {
            kept.writeBuffer(&buffer)
            buffer = kept
            received = nil
        }
        do {
            try readAnswer(from: &buffer)
        } catch {
            return context.close(promise: nil)
        }
        if buffer.readableBytes > 0 { received = buffer }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        receiver?.upstreamReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let receiver = self.receiver
        self.receiver = nil
        if untilClose, body != nil {
            body = nil
            receiver?.upstreamEnd()
        } else {
            receiver?.upstreamFailed()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private struct Unreadable: Error {}

    /// Reads as much of the answer as has arrived. Throws when it cannot be read, or when more bytes follow it.
    private func readAnswer(from received: inout ByteBuffer) throws {
        while let receiver {
            if var reader = body {
                let ended = try reader.read(&received) { receiver.upstreamBody($0) }
                body = reader
                guard ended else { return }
                body = nil
                self.receiver = nil
                // Bytes after the answer were never asked for: the connection is not used again.
                if received.readableBytes > 0 { isSpoiled = true }
                receiver.upstreamEnd()
                if isSpoiled { throw Unreadable() }
                return
            }
            switch HTTP1Head.read(from: &received, limit: Self.headLimit, reusing: &fields) {
            case .incomplete:
                return
            case .malformed:
                throw Unreadable()
            case .complete(let head):
                guard let answer = UpstreamAnswerHead(head), answer.status != 101 else { throw Unreadable() }
                if answer.status < 200 { continue }
                untilClose = answer.framing == .untilClose
                body = HTTP1BodyReader(answer.framing)
                receiver.upstreamHead(answer)
            }
        }
        if received.readableBytes > 0 { throw Unreadable() }
    }
}
