// The framework's limits for the passthrough benchmark. Each caller connection gets one kept-alive upstream
// connection on its own event loop, and nothing else happens: no keys, no connections, no metrics, no logs, no limits.
//   nio-proxy-bench http LISTEN_PORT UPSTREAM_PORT    a bare SwiftNIO HTTP/1 reverse proxy with the codecs Latchkey's
//                                                     relay uses on both sides; every request is forwarded with a
//                                                     fixed Authorization header, the answer comes back part by part
//   nio-proxy-bench bytes LISTEN_PORT UPSTREAM_PORT   bytes copied both ways through SwiftNIO's channels, with no
//                                                     HTTP parsing or encoding at all (not a proxy: nothing is changed)
//   nio-proxy-bench frames LISTEN_PORT UPSTREAM_PORT  a proxy for body-less requests that works on the bytes, as nginx
//                                                     does: it finds each head's end, drops Host and Authorization and
//                                                     adds its own, and passes the answer through by its Content-Length
//                                                     (a measure of what a byte-level relay could reach, not a parser
//                                                     fit to face callers: no chunked answers, no request bodies)
import NIOCore
import NIOHTTP1
import NIOPosix

/// The caller's side: forwards each request to the upstream connection, with the credential applied.
final class CallerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let upstreamPort: Int
    private var upstream: EventLoopFuture<any Channel>?

    init(upstreamPort: Int) {
        self.upstreamPort = upstreamPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            head.headers.replaceOrAdd(name: "authorization", value: "Bearer fixed-token")
            head.headers.replaceOrAdd(name: "host", value: "127.0.0.1:\(upstreamPort)")
            connection(context: context).assumeIsolated().whenSuccess { channel in
                channel.write(HTTPClientRequestPart.head(head), promise: nil)
            }
        case .body(let buffer):
            connection(context: context).assumeIsolated().whenSuccess { channel in
                channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
            }
        case .end:
            connection(context: context).assumeIsolated().whenSuccess { channel in
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.whenSuccess { $0.close(promise: nil) }
        context.fireChannelInactive()
    }

    private func connection(context: ChannelHandlerContext) -> EventLoopFuture<any Channel> {
        if let upstream { return upstream }
        let caller = NIOLoopBound(context, eventLoop: context.eventLoop)
        let connecting = ClientBootstrap(group: context.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(AnswerHandler(caller: caller))
                }
            }
            .connect(host: "127.0.0.1", port: upstreamPort)
        upstream = connecting
        return connecting
    }
}

/// The upstream's side: writes each part of the answer back to the caller.
final class AnswerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let caller: NIOLoopBound<ChannelHandlerContext>

    init(caller: NIOLoopBound<ChannelHandlerContext>) {
        self.caller = caller
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let caller = self.caller.value
        switch unwrapInboundIn(data) {
        case .head(let head):
            caller.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        case .body(let buffer):
            caller.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        case .end:
            caller.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        caller.value.close(promise: nil)
    }
}

/// A caller connection's own upstream connection, opened on its event loop with `answers` reading what comes back;
/// what is written before it is open waits. The caller's connection closes when it cannot be opened.
final class UpstreamLink {
    private var channel: (any Channel)?
    private var waiting: [ByteBuffer] = []

    init(
        for context: ChannelHandlerContext, port: Int,
        answers: @escaping @Sendable (NIOLoopBound<ChannelHandlerContext>) -> any ChannelHandler
    ) {
        let caller = NIOLoopBound(context, eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(answers(caller)) }
            }
            .connect(host: "127.0.0.1", port: port).assumeIsolated().whenComplete { result in
                switch result {
                case .success(let channel):
                    self.channel = channel
                    for buffer in self.waiting { channel.write(buffer, promise: nil) }
                    self.waiting = []
                    channel.flush()
                case .failure:
                    caller.value.close(promise: nil)
                }
            }
    }

    func write(_ buffer: ByteBuffer) {
        if let channel { channel.write(buffer, promise: nil) } else { waiting.append(buffer) }
    }

    func flush() { channel?.flush() }

    func close() { channel?.close(promise: nil) }
}

/// `bytes` mode: copies what the caller sends to the upstream connection, as it comes.
final class CallerBytesHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let upstreamPort: Int
    private var upstream: UpstreamLink?

    init(upstreamPort: Int) {
        self.upstreamPort = upstreamPort
    }

    func channelActive(context: ChannelHandlerContext) {
        upstream = UpstreamLink(for: context, port: upstreamPort, answers: AnswerBytesHandler.init)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        upstream?.write(unwrapInboundIn(data))
        upstream?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.close()
        context.fireChannelInactive()
    }
}

/// `bytes` mode: copies what the upstream sends back to the caller, as it comes.
final class AnswerBytesHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let caller: NIOLoopBound<ChannelHandlerContext>

    init(caller: NIOLoopBound<ChannelHandlerContext>) {
        self.caller = caller
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        caller.value.writeAndFlush(data, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        caller.value.close(promise: nil)
    }
}

/// `frames` mode: forwards each request head (the bytes up to its blank line) with Host and Authorization replaced.
final class CallerFramesHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let upstreamPort: Int
    private var upstream: UpstreamLink?
    private var received = ByteBuffer()

    init(upstreamPort: Int) {
        self.upstreamPort = upstreamPort
    }

    func channelActive(context: ChannelHandlerContext) {
        upstream = UpstreamLink(for: context, port: upstreamPort, answers: AnswerFramesHandler.init)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received.writeBuffer(&buffer)
        while let end = headEnd(in: received) {
            let head = received.readSlice(length: end + 2)!
            received.moveReaderIndex(forwardBy: 2)
            var outgoing = context.channel.allocator.buffer(capacity: head.readableBytes + 96)
            var first = true
            for line in head.readableBytesView.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
                if !first, startsCaseInsensitive(line, with: "host:") || startsCaseInsensitive(line, with: "authorization:") { continue }
                first = false
                outgoing.writeBytes(line)
                outgoing.writeInteger(UInt8(ascii: "\n"))
            }
            outgoing.writeString("host: 127.0.0.1:\(upstreamPort)\r\nauthorization: Bearer fixed-token\r\n\r\n")
            upstream?.write(outgoing)
        }
        received.discardReadBytes()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upstream?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        upstream?.close()
        context.fireChannelInactive()
    }
}

/// `frames` mode: passes each answer through, finding where it ends by its head's Content-Length.
final class AnswerFramesHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let caller: NIOLoopBound<ChannelHandlerContext>
    private var head = ByteBuffer()
    /// Body bytes of the current answer still to pass on; `nil` while its head is arriving.
    private var remaining: Int?

    init(caller: NIOLoopBound<ChannelHandlerContext>) {
        self.caller = caller
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let caller = self.caller.value
        while buffer.readableBytes > 0 {
            if let count = remaining {
                let part = buffer.readSlice(length: min(count, buffer.readableBytes))!
                caller.write(NIOAny(part), promise: nil)
                remaining = count - part.readableBytes == 0 ? nil : count - part.readableBytes
                continue
            }
            head.writeBuffer(&buffer)
            guard let end = headEnd(in: head) else { return }
            let whole = head.readSlice(length: end + 4)!
            remaining = contentLength(whole) ?? 0
            if remaining == 0 { remaining = nil }
            caller.write(NIOAny(whole), promise: nil)
            buffer = head
            head = ByteBuffer()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        caller.value.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        caller.value.close(promise: nil)
    }

    private func contentLength(_ head: ByteBuffer) -> Int? {
        for line in head.readableBytesView.split(separator: UInt8(ascii: "\n")) where startsCaseInsensitive(line, with: "content-length:") {
            let digits = line.dropFirst("content-length:".utf8.count).filter { (48...57).contains($0) }
            return Int(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }
}

/// Where the blank line that ends a head starts in `buffer`'s readable bytes.
func headEnd(in buffer: ByteBuffer) -> Int? {
    let bytes = buffer.readableBytesView
    var index = bytes.startIndex
    while index + 3 < bytes.endIndex {
        if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index - bytes.startIndex }
        index += 1
    }
    return nil
}

func startsCaseInsensitive(_ line: some Collection<UInt8>, with prefix: String) -> Bool {
    guard line.count >= prefix.utf8.count else { return false }
    return zip(line, prefix.utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, ["http", "bytes", "frames"].contains(arguments[1]), let listenPort = Int(arguments[2]),
    let upstreamPort = Int(arguments[3])
else {
    print("usage: nio-proxy-bench http|bytes|frames LISTEN_PORT UPSTREAM_PORT")
    exit(2)
}
let mode = arguments[1]
let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
let server = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 1024)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            if mode == "bytes" {
                try channel.pipeline.syncOperations.addHandler(CallerBytesHandler(upstreamPort: upstreamPort))
            } else if mode == "frames" {
                try channel.pipeline.syncOperations.addHandler(CallerFramesHandler(upstreamPort: upstreamPort))
            } else {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(CallerHandler(upstreamPort: upstreamPort))
            }
        }
    }
    .bind(host: "127.0.0.1", port: listenPort).get()
print("listening on 127.0.0.1:\(listenPort)")
try await server.closeFuture.get()
