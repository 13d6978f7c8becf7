import Hummingbird

/// `/health` and `/openapi.json`: what a load balancer and an SDK generator ask for, without an API key.
struct ServiceRoutes {
    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("health") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
