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
    }

    /// Sends `request` and reads the answer on a thread of its own: the blocking socket calls must not hold one of
    /// the few threads Swift's tasks (and the server under test, in this process) run on.
    static func send(port: Int, _ request: String, untilClosed: Bool = false) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try exchange(port: port, request, untilClosed: untilClosed) }) }.start()
        }
    }

    /// Sends `request` and closes the connection at once, without reading an answer.
    static func sendAndHangUp(port: Int, _ request: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread { continuation.resume(with: Result { _ = try exchange(port: port, request, untilClosed: false, hangUp: true) }) }.start()
        }
    }

    private static func exchange(port: Int, _ request: String, untilClosed: Bool, hangUp: Bool = false) throws -> Answer {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            sent += written
        }
        if hangUp { return Answer(status: 0, text: "") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while untilClosed || !isComplete(received) {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return Answer(status: status, text: text)
    }

    /// Whether `received` holds a whole answer whose length its `Content-Length` gives, so that a connection the
    /// server keeps open need not be waited out.
    private static func isComplete(_ received: [UInt8]) -> Bool {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = received.indices.first(where: { received[$0...].starts(with: separator) }) else { return false }
        let head = String(decoding: received[..<end], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return received.count >= end + separator.count + length
    }
}
