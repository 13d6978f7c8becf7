import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Writes a relayed call's answer to the caller's connection, in the form its handler's place in the pipeline
/// takes: SwiftNIO's response parts (behind SwiftNIO's HTTP/1 codec) or bytes (in front of it, see
/// `ByteRelayHandler`). In bytes, an upstream answer without a length goes out in chunks, and every answer is
/// HTTP/1.1.
struct CallerAnswerWriter {
    enum Form {
        case parts
        case bytes
    }

    let context: ChannelHandlerContext
    let form: Form
    /// The body goes out in chunks (bytes only).
    private var chunked = false
    /// The head in bytes, and as much of the body as came with it while they stay small: written as one buffer at the
    /// next flush.
    private var pending: ByteBuffer?

    /// Where the head's bytes are written, answer after answer.
    private let recycled: RecycledBuffer

    /// The most bytes kept, head and body together.
    private static let pendingLimit = 16 * 1024

    init(context: ChannelHandlerContext, form: Form, recycled: RecycledBuffer) {
        self.context = context
        self.form = form
        self.recycled = recycled
    }

    /// The head of an upstream's answer: its status and reason, the fields that cross the relay (their lines as they
    /// came) and `Server: latchkey`; in bytes, `Connection: close` when `closing` (`PersistentConnectionHandler` adds it to parts).
    mutating func head(_ answer: UpstreamAnswerHead, closing: Bool) {
        switch form {
        case .parts:
            context.write(NIOAny(HTTPServerResponsePart.head(answer.responseHead)), promise: nil)
        case .bytes:
            var bytes = recycled.take(capacity: answer.head.bytes.readableBytes + 64, allocator: context.channel.allocator)
            bytes.writeStaticString("HTTP/1.1 ")
            answer.head.withBytes { head in
                bytes.writeBytes(UnsafeRawBufferPointer(rebasing: head[answer.head.startLine.dropFirst(9)]))
                bytes.writeStaticString("\r\n")
                var lines = HTTP1LineCopier(from: head)
                for field in answer.head.fields where answer.passesOn(field, in: head) { lines.copy(field, into: &bytes) }
                lines.flush(into: &bytes)
            }
            switch answer.framing {
            case .length(let length):
                bytes.writeStaticString("content-length: ")
                bytes.writeString(String(length))
                bytes.writeStaticString("\r\n")
            case .chunked, .untilClose:
                bytes.writeStaticString("transfer-encoding: chunked\r\n")
                chunked = true
            case .none:
                break
            }
            if closing { bytes.writeStaticString("connection: close\r\n") }
            bytes.writeStaticString("server: latchkey\r\n\r\n")
            pending = bytes
        }
    }

    /// The head of Latchkey's own answer.
    mutating func head(_ response: HTTPResponse, closing: Bool) {
        switch form {
        case .parts:
            context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(response))), promise: nil)
        case .bytes:
            var bytes = context.channel.allocator.buffer(capacity: 256)
            bytes.writeString("HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n")
            for field in response.headerFields {
                bytes.writeString(field.name.canonicalName)
                bytes.writeStaticString(": ")
                bytes.writeString(field.value)
                bytes.writeStaticString("\r\n")
            }
            bytes.writeStaticString(closing ? "connection: close\r\n\r\n" : "\r\n")
            context.write(NIOAny(bytes), promise: nil)
        }
    }

    mutating func body(_ buffer: ByteBuffer) {
        guard buffer.readableBytes > 0 else { return }
        if !chunked, var head = pending, head.readableBytes + buffer.readableBytes <= Self.pendingLimit {
            pending = nil
            head.writeImmutableBuffer(buffer)
            pending = head
            return
        }
        writePending()
        switch form {
        case .parts:
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        case .bytes where chunked:
            context.write(NIOAny(ByteBuffer(string: String(buffer.readableBytes, radix: 16) + "\r\n")), promise: nil)
            context.write(NIOAny(buffer), promise: nil)
            context.write(NIOAny(ByteBuffer(staticString: "\r\n")), promise: nil)
        case .bytes:
            context.write(NIOAny(buffer), promise: nil)
        }
    }

    mutating func flush() {
        writePending()
        context.flush()
    }

    private mutating func writePending() {
        guard let head = pending else { return }
        pending = nil
        context.write(NIOAny(head), promise: nil)
        recycled.giveBack(head)
    }

    /// Ends the answer and flushes it; `written` completes once it is written.
    mutating func end(written: EventLoopPromise<Void>?) {
        if let head = pending, !chunked {
            pending = nil
            context.writeAndFlush(NIOAny(head), promise: written)
            recycled.giveBack(head)
            return
        }
        writePending()
        switch form {
        case .parts:
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: written)
        case .bytes where chunked:
            context.writeAndFlush(NIOAny(ByteBuffer(staticString: "0\r\n\r\n")), promise: written)
        case .bytes:
            if let written {
                context.writeAndFlush(NIOAny(ByteBuffer()), promise: written)
            } else {
                context.flush()
            }
        }
    }
}
