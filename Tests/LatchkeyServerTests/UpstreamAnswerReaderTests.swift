import NIOCore
import NIOEmbedded
import Testing

@testable import LatchkeyServer

/// How an upstream connection reports answers from its bytes, on SwiftNIO's embedded channel: whatever pieces the
/// bytes come in, informational answers dropped, a body that ends with the connection, and a connection that must
/// not be used again.
struct UpstreamAnswerReaderTests {
    final class Recorder: UpstreamReceiver {
        var events: [String] = []

        func upstreamHead(_ head: UpstreamAnswerHead) { events.append("head \(head.status)") }
        func upstreamBody(_ buffer: ByteBuffer) {
            if let last = events.last, last.hasPrefix("body ") {
                events[events.count - 1] = last + String(buffer: buffer)
            } else {
                events.append("body " + String(buffer: buffer))
            }
        }
        func upstreamEnd() { events.append("end") }
        func upstreamFailed() { events.append("failed") }
        func upstreamReadComplete() {}
    }

    /// A channel whose reader reports to `recorder`.
    static func channel(_ recorder: Recorder) throws -> (EmbeddedChannel, UpstreamAnswerReader) {
        let channel = EmbeddedChannel()
        let reader = UpstreamAnswerReader()
        try channel.pipeline.syncOperations.addHandler(reader)
        reader.receiver = recorder
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, reader)
    }

    @Test(arguments: [1, 5, 1000]) func answersArriveWhateverPiecesTheyComeIn(size: Int) throws {
        let recorder = Recorder()
        let (channel, reader) = try Self.channel(recorder)
        let bytes = Array(
            ("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").utf8)
        for start in stride(from: 0, to: bytes.count, by: size) {
            try channel.writeInbound(ByteBuffer(bytes: bytes[start..<min(start + size, bytes.count)]))
        }
        #expect(recorder.events == ["head 200", "body abcde", "end"])
        #expect(!reader.isSpoiled && channel.isActive)
    }

    @Test func bytesAfterAnAnswerSpoilTheConnection() throws {
        let recorder = Recorder()
        let (channel, reader) = try Self.channel(recorder)
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"))
        #expect(recorder.events == ["head 200", "body ok", "end"])
        #expect(reader.isSpoiled)
        #expect(!channel.isActive, "closed")
    }

    @Test func bytesWhileNoCallHoldsTheConnectionCloseIt() throws {
        let recorder = Recorder()
        let (channel, reader) = try Self.channel(recorder)
        reader.receiver = nil
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
        #expect(recorder.events.isEmpty)
        #expect(!channel.isActive)
    }

    @Test func aBodyWithoutLengthEndsWithTheConnection() throws {
        let recorder = Recorder()
        let (channel, _) = try Self.channel(recorder)
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\nall of "))
        try channel.writeInbound(ByteBuffer(string: "it"))
        #expect(recorder.events == ["head 200", "body all of it"])
        try channel.close().wait()
        #expect(recorder.events == ["head 200", "body all of it", "end"])
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
    ])
    func anAnswerThatCannotBeReadOrBreaksOffFails(_ text: String) throws {
        let recorder = Recorder()
        let (channel, _) = try Self.channel(recorder)
        try channel.writeInbound(ByteBuffer(string: text))
        if channel.isActive { try channel.close().wait() }
        #expect(recorder.events.last == "failed", "\(text.debugDescription): \(recorder.events)")
        #expect(!recorder.events.contains("end"))
    }
}
