import Foundation
import Hummingbird
import LatchkeyModel

extension Request {
    /// The body, up to the context's limit (413 past it), as a JSON object (400 otherwise), read as `RequestJSON` says.
    func jsonObjectBody(context: some RequestContext) async throws -> [String: JSONValue] {
        let data = try await bodyData(context: context)
        guard let object = try RequestJSON.value(from: data).objectValue else {
            throw APIError(status: .badRequest, code: "invalid_body", message: "the body must be a JSON object")
        }
        return object
    }

    /// The body decoded as `type`, with decoding errors turned into API errors that name the field. The text is read
    /// strictly first (`RequestJSON`), so the decoder only ever sees JSON that every reader reads alike.
    func decodeJSONBody<Value: Decodable>(as type: Value.Type, context: some RequestContext) async throws -> Value {
        let data = try await bodyData(context: context)
        _ = try RequestJSON.value(from: data)
        do {
            return try WireJSON.decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError.from(decodingError: error)
        }
    }

    private func bodyData(context: some RequestContext) async throws -> Data {
        var buffer = try await body.collect(upTo: context.maxUploadSize)
        return buffer.readData(length: buffer.readableBytes) ?? Data()
    }
}

extension JSONValue {
    /// This value decoded as `type`; a mismatch becomes an API error that names the field.
    func decode<Value: Decodable>(as type: Value.Type) throws -> Value {
        do {
            return try WireJSON.decode(type, from: WireJSON.encode(self))
        } catch let error as DecodingError {
            throw APIError.from(decodingError: error)
        }
    }

    /// `value` as a JSON value.
    static func encoding(_ value: some Encodable) throws -> JSONValue {
        try WireJSON.decode(JSONValue.self, from: WireJSON.encode(value))
    }
}

/// A JSON response with the status given.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    jsonResponse(body: ByteBuffer(bytes: try WireJSON.bytes(value)), status: status)
}

/// An answer whose body is JSON already written.
func jsonResponse(body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
}
