import Hummingbird

/// Answers 405 with `Allow` for a method a path does not declare, where Hummingbird's router answers 404.
///
/// Once every route is registered, each path gets a route for every standard method it lacks, answering 405 and the
/// methods it has. HEAD is served wherever GET is. A method outside the standard ones is routed as TRACE
/// (`KnownMethodResponder`), which no route declares, so it meets the same answer, or 404 where no path matches.
enum UndeclaredMethods {
    /// The methods routes are checked against: RFC 9110's, without CONNECT, and PATCH.
    static let standard: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace]

    /// Adds the 405 routes to `router`, whose routes must all be registered.
    static func refuse(on router: Router<LatchkeyRequestContext>) {
        var declared: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in router.routes {
            declared[route.path.description, default: (route.path, [])].methods.insert(route.method)
        }
        for (path, methods) in declared.values {
            let allowed = methods.contains(.get) ? methods.union([.head]) : methods
            let error = APIError.methodNotAllowed(allow: standard.filter(allowed.contains).map(\.rawValue).joined(separator: ", "))
            for method in standard where !allowed.contains(method) {
                router.on(path, method: method) { _, _ -> Response in throw error }
            }
        }
    }
}

/// Routes a request whose method is not one of `UndeclaredMethods.standard` as TRACE, so that the router answers it
/// 405 with `Allow` (or 404) instead of passing it to a handler.
struct KnownMethodResponder<Base: HTTPResponder>: HTTPResponder {
    let base: Base

    func respond(to request: Request, context: Base.Context) async throws -> Response {
        guard !UndeclaredMethods.standard.contains(request.method) else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .trace
        return try await base.respond(to: Request(head: head, body: request.body), context: context)
    }
}

/// The router, with undeclared methods refused, as the application's responder.
struct LatchkeyResponderBuilder: HTTPResponderBuilder {
    let router: Router<LatchkeyRequestContext>

    func buildResponder() -> KnownMethodResponder<RouterResponder<LatchkeyRequestContext>> {
        UndeclaredMethods.refuse(on: router)
        return KnownMethodResponder(base: router.buildResponder())
    }
}
