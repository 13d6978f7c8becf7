/// Sends protocol requests to providers. The protocol code builds requests and reads responses; a transport,
/// passed in, does the I/O, so every step can be tested with plain values.
public protocol OAuthTransport: Sendable {
    func send(_ request: OutgoingRequest) async throws -> IncomingResponse
}
