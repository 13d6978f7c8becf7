import NIOCore
import NIOHTTP1

/// What an upstream connection reports to the call it is serving.
protocol UpstreamReceiver: AnyObject {
    func upstreamHead(_ head: HTTPResponseHead)
    func upstreamBody(_ buffer: ByteBuffer)
    func upstreamEnd()
    /// The connection broke or closed before the answer ended.
    func upstreamFailed()
    /// The bytes read so far have all been reported.
    func upstreamReadComplete()
}

/// The last handler of a pooled upstream connection: hands the response parts to the call that holds the
/// connection (the decoder before it drops informational 1xx answers). A part arriving while no call holds it (an
/// answer nobody asked for) closes the connection.
final class UpstreamResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    weak var receiver: (any UpstreamReceiver)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let receiver else {
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head): receiver.upstreamHead(head)
        case .body(let buffer): receiver.upstreamBody(buffer)
        case .end:
            self.receiver = nil
            receiver.upstreamEnd()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        receiver?.upstreamReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let receiver = self.receiver
        self.receiver = nil
        receiver?.upstreamFailed()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
