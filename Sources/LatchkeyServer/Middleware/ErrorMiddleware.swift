import Hummingbird
import LatchkeyStore
import Logging
import NIOCore

/// Turns every error into Latchkey's JSON error body, so callers never see an HTML or plain-text error.
///
/// A database that cannot be reached in time is 503 `store_unavailable`. Unexpected errors are logged by type only (their descriptions may carry values) and answered 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge
        } catch let error as HTTPError {
            throw APIError(
                status: error.status, code: Self.code(for: error.status),
                message: error.status == .notFound ? "nothing is served at this path" : error.status.reasonPhrase)
        } catch let error as DecodingError {
            throw APIError.from(decodingError: error)
        } catch StoreError.unavailable {
            throw APIError.storeUnavailable
        } catch {
            context.logger.error("request failed", metadata: ["error_type": .string(String(describing: type(of: error)))])
            throw APIError.unexpected
        }
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "body_too_large"
        case .unauthorized: "unauthorized"
        default: status.code >= 500 ? "internal_error" : "bad_request"
        }
    }
}
