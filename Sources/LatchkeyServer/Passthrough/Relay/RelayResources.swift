import NIOCore

/// What the relayed calls of one server connection share, kept by its handler: the connection's timer, the buffer
/// their answer heads are written in, the metric handles its last call used, and its event loop's upstream pool,
/// looked up once (the table of pools is shared by every loop, under a lock). Used on the connection's event loop
/// only.
final class RelayResources {
    let timer = RelayTimer()
    /// Where the calls' answer heads are written.
    let answerBytes = RecycledBuffer()
    let metrics: RecentMetricHandles
    private let channels: UpstreamChannels
    private var upstreamPool: UpstreamChannelPool?

    init(relay: PassthroughRelay) {
        metrics = RecentMetricHandles(metrics: relay.metrics)
        channels = relay.channels
    }

    /// The upstream pool of `eventLoop`, the connection's.
    func pool(on eventLoop: any EventLoop) -> UpstreamChannelPool {
        if let upstreamPool { return upstreamPool }
        let pool = channels.pool(on: eventLoop)
        upstreamPool = pool
        return pool
    }
}
