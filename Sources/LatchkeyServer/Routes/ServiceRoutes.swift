import Hummingbird
import LatchkeyStore

/// `/health` (liveness), `/health/ready` (readiness), `/openapi.json` and `/metrics`: what a load balancer, an SDK
/// generator and Prometheus ask for, without an API key.
struct ServiceRoutes {
    let metrics: LatchkeyMetrics
    let store: Store

    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("health") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("health/ready") { [store] _, _ in
            do {
                try await store.checkReachable()
            } catch {
                throw APIError.storeUnavailable
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ready"}"#)))
        }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        router.get("metrics") { [metrics, store] _, _ in
            if let statistics = store.connectionCacheStatistics { metrics.connectionCache(statistics) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
    }
}
