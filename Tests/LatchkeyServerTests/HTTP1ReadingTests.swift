import NIOCore
import Testing

@testable import LatchkeyServer

/// The relay's strict reading of HTTP/1.1 heads and bodies, on bytes: what it takes, where it says a message ends,
/// and what it refuses.
struct HTTP1ReadingTests {
    static func answer(_ text: String) -> UpstreamAnswerHead? {
        var buffer = ByteBuffer(string: text)
        guard case .complete(let head) = HTTP1Head.read(from: &buffer, limit: 1024) else { return nil }
        return UpstreamAnswerHead(head)
    }

    @Test func theTokenBytesAreThoseOfRFC9110() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTP1Syntax.isToken(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    /// Heads are read eight bytes at a time where they can be: a byte anywhere in a long value is judged as it
    /// would be alone.
    @Test func eachByteOfALongValueIsJudgedWhereverItIs() {
        let prefix = "GET /passthrough/x HTTP/1.1\r\nHost: h\r\nX-Long: "
        let value = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for position in value.indices {
            for byte: UInt8 in [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xFF] {
                var changed = value
                changed[position] = byte
                var buffer = ByteBuffer(string: prefix)
                buffer.writeBytes(changed)
                buffer.writeString("\r\n\r\n")
                let takes = byte == 0x09 || byte >= 0x20 && byte != 0x7F
                switch HTTP1Head.read(from: &buffer, limit: 1024) {
                case .complete(let head):
                    #expect(takes, "byte \(byte) at \(position) taken")
                    #expect(head.fields.count == 2)
                case .malformed:
                    #expect(!takes, "byte \(byte) at \(position) refused")
                case .incomplete:
                    Issue.record("byte \(byte) at \(position): incomplete")
                }
                changed.withUnsafeBytes { bytes in
                    #expect(HTTP1Syntax.isFieldValue(bytes[...]) == changed.allSatisfy(HTTP1Syntax.isFieldValue))
                }
            }
        }
    }

    @Test func aHeadLongerThanTheLimitIsRefusedWhereverItsLinesBreak() {
        for length in 1...40 {
            let buffer = ByteBuffer(string: "GET / HTTP/1.1\r\nX-A: " + String(repeating: "v", count: length) + "\r\n\r\n")
            let size = buffer.readableBytes
            for limit in [size - 5, size - 4, size - 3, size] {
                var copy = buffer
                let reading = HTTP1Head.read(from: &copy, limit: limit)
                // Only the blank line's and the last line's breaks may lie past the limit.
                if limit >= size - 4, case .complete = reading { continue }
                if limit < size - 4, case .malformed = reading { continue }
                Issue.record("\(length) bytes of value, limit \(limit) of \(size): \(reading)")
            }
        }
    }

    @Test func fieldLinesAreCopiedAsTheyCameAndRunsOfThemInOnePiece() throws {
        let answer = try #require(
            Self.answer(
                "HTTP/1.1 200 OK\r\nA: 1\r\nConnection: x-drop\r\nX-Drop: y\r\nB:  2 \r\nb-2:two\r\nServer: s\r\nC: 3\r\n"
                    + "Content-Length: 0\r\n\r\n"))
        var copied = ByteBuffer()
        answer.head.withBytes { bytes in
            var lines = HTTP1LineCopier(from: bytes)
            for field in answer.passedOn { lines.copy(field, into: &copied) }
            lines.flush(into: &copied)
        }
        #expect(String(buffer: copied) == "A: 1\r\nB:  2 \r\nb-2:two\r\nC: 3\r\n")
        let plainly = answer.head.withBytes { bytes in answer.passedOn.map { $0.isWrittenPlainly(in: bytes) } }
        #expect(plainly == [false, false, false, false], "uppercase names, spaces around a value, none after the colon")
        var request = ByteBuffer(string: "GET / HTTP/1.1\r\nx-a: 1\r\nx-b:  2\r\nx-c: 3 \r\nx-d:\r\nx-e: 5\r\n\r\n")
        guard case .complete(let head) = HTTP1Head.read(from: &request, limit: 1024) else {
            Issue.record("not read")
            return
        }
        #expect(head.withBytes { bytes in head.fields.map { $0.isWrittenPlainly(in: bytes) } } == [true, false, false, false, true])
    }

    @Test func aHeadIsReadOnlyOnceItsBlankLineHasCome() {
        let text = "GET /a HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Spaced: \t v \t\r\n\r\nnext"
        for cut in 0..<(text.utf8.count - 4) {
            var partial = ByteBuffer(bytes: Array(text.utf8.prefix(cut)))
            guard case .incomplete = HTTP1Head.read(from: &partial, limit: 1024) else {
                Issue.record("complete after \(cut) bytes")
                continue
            }
            #expect(partial.readableBytes == cut, "nothing is taken from an incomplete head")
        }
        var whole = ByteBuffer(string: text)
        guard case .complete(let head) = HTTP1Head.read(from: &whole, limit: 1024) else {
            Issue.record("not read")
            return
        }
        #expect(String(buffer: whole) == "next", "the bytes after the head stay")
        #expect(head.string(head.startLine) == "GET /a HTTP/1.1")
        let fields = head.fields.map {
            head.string($0.name) + "=" + head.string($0.value)
        }
        #expect(fields == ["Host=h", "X-Empty=", "X-Spaced=v"])
    }

    @Test(arguments: [
        "GET / HTTP/1.1\nHost: h\r\n\r\n",  // bare LF
        "GET / HTTP/1.1\r\nHost: h\r\r\n\r\n",  // bare CR
        "GET / HTTP/1.1\r\nX-A: one\r\n two\r\n\r\n",  // obs-fold
        "GET / HTTP/1.1\r\nHost : h\r\n\r\n",  // space before the colon
        "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n",
        "GET / HTTP/1.1\r\n: h\r\n\r\n",  // no name
        "GET / HTTP/1.1\r\nX(A): h\r\n\r\n",  // not a token
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\u{1}b\r\n\r\n",  // control byte
        "GET / HTTP/1.1\r\nX-A: a\u{0}b\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\u{7F}b\r\n\r\n",
        "\r\nGET / HTTP/1.1\r\n\r\n",  // a blank line first
    ])
    func headsThatAreNotStrictlyHTTPAreRefused(_ text: String) {
        var buffer = ByteBuffer(string: text)
        guard case .malformed = HTTP1Head.read(from: &buffer, limit: 1024) else {
            Issue.record("read: \(text.debugDescription)")
            return
        }
    }

    @Test func aHeadLongerThanTheLimitIsRefusedEvenBeforeItEnds() {
        var long = ByteBuffer(string: "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 2000))
        guard case .malformed = HTTP1Head.read(from: &long, limit: 1024) else {
            Issue.record("not refused")
            return
        }
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", HTTP1BodyReader.Framing.length(12), true),
        ("HTTP/1.1 200 OK\r\nContent-Length: 12, 12\r\nContent-Length: 12\r\n\r\n", .length(12), true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .chunked, true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", .untilClose, false),
        ("HTTP/1.1 200 OK\r\n\r\n", .untilClose, false),
        ("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", HTTP1BodyReader.Framing.none, true),
        ("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP1BodyReader.Framing.none, true),
        ("HTTP/1.1 200\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", .length(0), false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", .length(1), false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 1\r\nConnection: Keep-Alive\r\n\r\n", .length(1), true),
    ])
    func anAnswersFramingAndPersistenceComeFromItsHead(text: String, framing: HTTP1BodyReader.Framing, keepAlive: Bool) {
        let answer = Self.answer(text)
        #expect(answer?.framing == framing, "\(text.debugDescription)")
        #expect(answer?.keepAlive == keepAlive, "\(text.debugDescription)")
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 0x2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/2 200\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1  200 OK\r\n\r\n",
        "http/1.1 200 OK\r\n\r\n",
        "SSH-2.0-OpenSSH_9.2\r\n\r\n",
    ])
    func answersWhoseFramingIsAmbiguousAreRefused(_ text: String) {
        #expect(Self.answer(text) == nil, "\(text.debugDescription)")
    }

    @Test func onlyEndToEndFieldsArePassedOn() {
        let answer = Self.answer(
            "HTTP/1.1 201 Created\r\nConnection: X-Private, keep-alive\r\nX-Private: a\r\nKeep-Alive: timeout=5\r\nServer: nginx\r\n"
                + "Transfer-Encoding: chunked\r\nTrailer: X-T\r\nUpgrade: h2c\r\nProxy-Connection: close\r\nTE: trailers\r\nX-Public: b\r\n"
                + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n")
        let passed = answer.map { answer in answer.passedOn.map { answer.head.string($0.name) } }
        #expect(passed == ["X-Public", "Set-Cookie", "Set-Cookie"])
        let head = answer?.responseHead
        #expect(head?.status.code == 201 && head?.status.reasonPhrase == "Created")
        #expect(head?.headers["server"] == ["latchkey"])
        #expect(head?.headers["content-length"] == [])
    }

    /// The relay reads answer fields by their length and spelling; the router's route leaves out
    /// `ForwardedHeaders.hopByHop`. Each of those names, in any case, stays behind in a relayed answer too.
    @Test(arguments: ForwardedHeaders.hopByHop.sorted())
    func everyHopByHopFieldTheRouteLeavesOutStaysBehind(_ name: String) {
        let framing = name == "transfer-encoding" ? "" : "Content-Length: 0\r\n"
        let value = name == "transfer-encoding" ? "chunked" : "v"
        for spelled in [name, name.uppercased()] {
            let answer = Self.answer("HTTP/1.1 200 OK\r\n\(framing)\(spelled): \(value)\r\nX-End: e\r\n\r\n")
            let passed = answer.map { answer in answer.passedOn.map { answer.head.string($0.name) } }
            #expect(passed == ["X-End"], "\(spelled)")
        }
    }

    /// A reader that keeps its fields array between heads: a head still held keeps its own fields while the next is
    /// read, and once no head holds the array, the next head is listed in the same storage.
    @Test func fieldsReadIntoAKeptArrayStayWithTheirHead() throws {
        var fields: [HTTP1Head.Field] = []
        do {
            var bytes = ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: a\r\nX-First: 1\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\n")
            guard case .complete(let first) = HTTP1Head.read(from: &bytes, limit: 1024, reusing: &fields),
                case .complete(let second) = HTTP1Head.read(from: &bytes, limit: 1024, reusing: &fields)
            else { throw HeadNotRead() }
            #expect(first.fields.map { first.string($0.name) + ": " + first.string($0.value) } == ["Host: a", "X-First: 1"])
            #expect(second.fields.map { second.string($0.name) + ": " + second.string($0.value) } == ["Host: b"])
        }
        // Both heads are gone: the array is the reader's alone again.
        let storage = fields.withUnsafeBufferPointer { $0.baseAddress }
        var bytes = ByteBuffer(string: "GET /c HTTP/1.1\r\nHost: c\r\n\r\n")
        guard case .complete(let third) = HTTP1Head.read(from: &bytes, limit: 1024, reusing: &fields) else { throw HeadNotRead() }
        #expect(third.fields.withUnsafeBufferPointer { $0.baseAddress } == storage)
        #expect(third.fields.map { third.string($0.value) } == ["c"])
    }

    private struct HeadNotRead: Error {}

    /// Reads `body` with `framing`, in pieces of `size` bytes; the content and what is left after the body.
    static func read(_ body: String, _ framing: HTTP1BodyReader.Framing, in size: Int) throws -> (content: String, rest: String, ended: Bool) {
        var reader = HTTP1BodyReader(framing)
        var content = ""
        var rest = ByteBuffer()
        var ended = false
        let bytes = Array(body.utf8)
        for start in stride(from: 0, to: bytes.count, by: size) {
            var piece = rest
            piece.writeBytes(bytes[start..<min(start + size, bytes.count)])
            if ended {
                rest = piece
                continue
            }
            ended = try reader.read(&piece) { content += String(buffer: $0) }
            rest = piece
        }
        return (content, String(buffer: rest), ended)
    }

    @Test(arguments: [1, 2, 3, 7, 1000]) func chunksAreTakenApartWhateverPiecesTheyArriveIn(size: Int) throws {
        let body = "5;name=\"v\"\r\nhello\r\n7 ; x\r\n, world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\nY: u\r\n\r\nGET /next"
        let read = try Self.read(body, .chunked, in: size)
        #expect(read.content == "hello, world0123456789")
        #expect(read.ended)
        #expect(read.rest == "GET /next")
        let counted = try Self.read("hello world!next", .length(12), in: size)
        #expect(counted.content == "hello world!" && counted.ended && counted.rest == "next")
        let open = try Self.read("all of it", .untilClose, in: size)
        #expect(open.content == "all of it" && !open.ended)
    }

    @Test(arguments: [
        "zz\r\nhello\r\n0\r\n\r\n",  // not hexadecimal
        "\r\nhello\r\n0\r\n\r\n",  // no size
        "5\nhello\r\n0\r\n\r\n",  // bare LF
        "5\r\nhelloXY0\r\n\r\n",  // no CRLF after the data
        "-5\r\nhello\r\n0\r\n\r\n",
        "10000000000000000\r\n",  // beyond 2^60
        "0\r\nX-Trailer: a\u{1}\r\n\r\n",
    ])
    func brokenChunksAreRefused(_ body: String) {
        #expect(throws: HTTP1BodyReader.Malformed.self, "\(body.debugDescription)") { try Self.read(body, .chunked, in: 1) }
    }
}
