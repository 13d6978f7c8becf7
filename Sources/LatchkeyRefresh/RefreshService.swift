import Foundation
import Logging
import ServiceLifecycle

/// Renews tokens ahead of expiry in the background, so reads seldom wait, and keeps connections whose refresh
/// token is about to lapse alive. Runs in the server's `ServiceGroup` and stops with it.
public struct RefreshService: Service {
    let refresher: Refresher
    let interval: Duration
    let logger: Logger

    public init(refresher: Refresher, interval: Duration = .seconds(30), logger: Logger) {
        self.refresher = refresher
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let refreshed = await refresher.refreshDue()
                if refreshed > 0 { logger.info("background refresh pass", metadata: ["refreshed": "\(refreshed)"]) }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
