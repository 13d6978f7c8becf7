import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 channel with a `PassthroughRelayHandler` in front of its codec to Swift HTTP Types: relayed
/// calls stay in SwiftNIO's own HTTP/1 types from the socket to the upstream and back, and every other request
/// goes on to the codec and the router as before.
struct RelayingHTTP1Channel: ServerChildChannel {
    let base: HTTP1Channel
    let relay: PassthroughRelay

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        let relay = self.relay
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(relay.makeHandler(), position: .before(try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)))
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
