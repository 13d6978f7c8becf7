import Foundation
import Hummingbird
import LatchkeyModel

/// An error answered to a caller: a status, a stable machine-readable code, a message, and the field at fault.
///
/// The body is `{"error": {"status": 422, "code": "invalid_field", "message": "…", "field": "auth.token_url"}}`.
/// Messages are written here, never copied from the input, so no secret a caller sent can come back in one.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    /// Extra headers, such as `Retry-After`.
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized",
        message: "a valid API key is required in the authorization header, verbatim or as 'Bearer <key>'")

    public static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what) does not exist")
    }

    /// An error the server did not expect; what it was is logged by type, never answered.
    public static let unexpected = APIError(
        status: .internalServerError, code: "internal_error", message: "the server could not complete the request")

    /// The answer to a method the path does not declare, with the ones it does in `Allow`.
    static func methodNotAllowed(allow: String) -> APIError {
        APIError(
            status: .methodNotAllowed, code: "method_not_allowed", message: "the path does not accept this method; Allow lists those it does",
            headers: [.allow: allow])
    }

    /// The answer to an `integration_type` that names no integration in the catalog.
    static let unknownIntegration = APIError(
        status: .unprocessableContent, code: "unknown_integration", message: "integration_type is not in the catalog", field: "integration_type")

    /// The answer while the database cannot be reached within the operation bound.
    static let storeUnavailable = APIError(
        status: .serviceUnavailable, code: "store_unavailable", message: "the database cannot be reached; try again shortly",
        headers: [.retryAfter: "2"])

    public static let bodyTooLarge = APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body is larger than the limit")

    public static func invalid(_ issue: FieldIssue) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_field", message: "\(issue.field) \(issue.message)", field: issue.field)
    }

    public static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: "query parameter \(name) \(message)", field: name)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        plainResponse()
    }

    /// The JSON response of this error, for places that answer it rather than throw it.
    func plainResponse() -> Response {
        Response(status: status, headers: responseFields, body: .init(byteBuffer: body))
    }

    /// The error's JSON body.
    var body: ByteBuffer {
        ByteBuffer(
            bytes: (try? WireJSON.encode(APIErrorBody(error: .init(status: status.code, code: code, message: message, field: field)))) ?? Data())
    }

    /// The extra headers with the body's content type.
    var responseFields: HTTPFields {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return fields
    }
}

/// The JSON shape of an `APIError`.
private struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        let status: Int
        let code: String
        let message: String
        let field: String?
    }

    let error: Detail
}
