import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Sends bytes exactly as written to a loopback port and reads the answer: for request targets and headers that an
/// HTTP client library would normalise or refuse to send.
enum RawHTTP {
    struct Answer {
        let status: Int
        let text: String
        /// The server closed the connection (rather than the client giving up after ten seconds of silence).
        let closedByServer: Bool
    }

    /// Sends `request` and reads the answer on a thread of its own: the blocking socket calls must not hold one of
    /// the few threads Swift's tasks (and the server under test, in this process) run on.
    static func send(port: Int, _ request: String, untilClosed: Bool = false) async throws -> Answer {
        try await onThread {
            let socket = try Socket(port: port)
            socket.write(request)
            return socket.readAnswer(untilClosed: untilClosed)
        }
    }

    /// Sends `request` and closes the connection at once, without reading an answer.
    static func sendAndHangUp(port: Int, _ request: String) async throws {
        try await onThread { try Socket(port: port).write(request) }
    }

    /// The answer that invites a request's body.
    static let continueAnswer = "HTTP/1.1 100 Continue\r\n\r\n"

    /// Sends `head`, reads what the server answers before the body (up to and with `100 Continue`, or whatever came
    /// until it fell silent for a second after saying something), then sends `body` and reads the answer: for
    /// `Expect: 100-continue`.
    static func send(port: Int, head: String, thenBody body: String) async throws -> (interim: String, answer: Answer) {
        try await onThread {
            let socket = try Socket(port: port)
            socket.write(head)
            let interim = socket.read(until: continueAnswer, silentFor: 1)
            socket.write(body)
            return (interim, socket.readAnswer(untilClosed: false))
        }
    }

    /// A connection kept open from one request to the next: each is sent once the answer before it has been read.
    final class KeptConnection: Sendable {
        private let socket: Socket

        init(port: Int) throws {
            socket = try Socket(port: port)
        }

        /// Sends `request` and reads its answer (or, `untilClosed`, everything until the server closes).
        func exchange(_ request: String, untilClosed: Bool = false) async throws -> Answer {
            try await onThread { [socket] in
                socket.write(request)
                return socket.readAnswer(untilClosed: untilClosed)
            }
        }
    }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// A blocking loopback socket that gives up reading after ten seconds. Used by one thread at a time.
    private final class Socket: @unchecked Sendable {
        let descriptor: Int32
        /// The last read ended because the server closed the connection.
        private(set) var closedByServer = false

        init(port: Int) throws {
            descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw POSIXError(.EIO) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            setTimeout(seconds: 10)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(descriptor)
                throw POSIXError(.ECONNREFUSED)
            }
        }

        deinit { close(descriptor) }

        func setTimeout(seconds: Int) {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let written = bytes[sent...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                guard written > 0 else { break }
                sent += written
            }
        }

        /// Reads while `more` holds for what has arrived, until the connection closes or stays silent too long.
        func read(while more: ([UInt8]) -> Bool) -> [UInt8] {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16384)
            while more(received) {
                let count = Glibc.read(descriptor, &buffer, buffer.count)
                if count <= 0 {
                    closedByServer = count == 0 || errno == ECONNRESET
                    break
                }
                received += buffer[0..<count]
            }
            return received
        }

        /// Reads until what arrived ends with `marker`, or the server, once it has said something (within ten
        /// seconds), falls silent for `seconds`.
        func read(until marker: String, silentFor seconds: Int) -> String {
            defer { setTimeout(seconds: 10) }
            let received = read { received in
                if !received.isEmpty { setTimeout(seconds: seconds) }
                return !String(decoding: received, as: UTF8.self).hasSuffix(marker)
            }
            return String(decoding: received, as: UTF8.self)
        }

        func readAnswer(untilClosed: Bool) -> Answer {
            let text = String(decoding: read { untilClosed || !RawHTTP.isComplete($0) }, as: UTF8.self)
            let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
            return Answer(status: status, text: text, closedByServer: closedByServer)
        }
    }

    /// Where the blank line that ends a head starts in `received`.
    private static func headEnd(in received: [UInt8]) -> Int? {
        let separator = Array("\r\n\r\n".utf8)
        return received.indices.first { received[$0...].starts(with: separator) }
    }

    /// Whether `received` holds a whole answer whose length its `Content-Length` gives, so that a connection the
    /// server keeps open need not be waited out.
    private static func isComplete(_ received: [UInt8]) -> Bool {
        guard let end = headEnd(in: received) else { return false }
        let head = String(decoding: received[..<end], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return received.count >= end + 4 + length
    }
}
