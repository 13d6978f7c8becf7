import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 channel with handlers in front of its codec to Swift HTTP Types, where requests are still
/// SwiftNIO's HTTP/1 types: `PersistentConnectionHandler`, which closes a connection once its requests ask for it
/// (HTTP/1.0 ones included); `DecodingErrorHandler`, which gives the answer to bytes that are not HTTP a JSON body;
/// `IdleConnectionHandler`, which closes one left idle; `ContinueHandler`, which answers `Expect: 100-continue`;
/// and, unless the relay is off, a `PassthroughRelayHandler`, so that relayed calls stay in SwiftNIO's types from
/// the codec to the upstream and back. Every other request goes on to the codec and the router as before. In front
/// of SwiftNIO's codec, unless the relay is off, a `ByteRelayHandler` relays calls from the bytes until the
/// connection sends anything else.
struct LatchkeyHTTP1Channel: ServerChildChannel {
    let base: HTTP1Channel
    let configuration: ServerConfiguration
    let relay: PassthroughRelay?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        let (relay, configuration) = (self.relay, self.configuration)
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(PersistentConnectionHandler(), position: .before(codec))
            try pipeline.addHandler(DecodingErrorHandler(), position: .before(codec))
            let idle = IdleConnectionHandler(timeout: TimeAmount(configuration.idleTimeout))
            try pipeline.addHandler(idle, position: .before(codec))
            try pipeline.addHandler(ContinueHandler(configuration: configuration), position: .before(codec))
            if let relay {
                try pipeline.addHandler(relay.makeHandler(), position: .before(codec))
                try pipeline.addHandler(relay.makeByteHandler(observer: idle), position: .first)
            }
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
