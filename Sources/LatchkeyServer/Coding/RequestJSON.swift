import LatchkeyModel

/// How request bodies are read: RFC 8259 strictly, as I-JSON (RFC 7493) asks, so that a proxy or firewall in front of
/// Latchkey cannot read another value from the same bytes than the one stored.
enum RequestJSON {
    /// The deepest nesting of arrays and objects a request body may have.
    static let maximumDepth = 64

    /// The value `bytes` hold, or the API error that says why they cannot be read: `malformed_json`, `duplicate_field`
    /// naming the member, or `json_too_deep`.
    static func value(from bytes: some Sequence<UInt8>) throws(APIError) -> JSONValue {
        do {
            return try JSONReader.value(from: bytes, maximumDepth: maximumDepth)
        } catch {
            throw apiError(for: error)
        }
    }

    static func apiError(for failure: JSONReader.Failure) -> APIError {
        switch failure.kind {
        case .syntax:
            return APIError(status: .badRequest, code: "malformed_json", message: "the body is not valid JSON (byte \(failure.offset))")
        case .tooDeep:
            return APIError(
                status: .badRequest, code: "json_too_deep", message: "the body nests arrays and objects deeper than \(maximumDepth) levels")
        case .duplicateName:
            let field = fieldPath(failure.path)
            return APIError(
                status: .badRequest, code: "duplicate_field", message: "\(field ?? "a member") appears more than once in one object", field: field)
        }
    }

    /// `auth.emails[0]` for a path, as far as its member names are Latchkey's own field names: a name the caller made up
    /// (a key in `meta`, a misspelt field) stops it, so that no text from the body is copied into the error.
    static func fieldPath(_ path: [JSONPathComponent]) -> String? {
        var text = ""
        for component in path {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .member(let name):
                guard fieldNames.contains(name) else { return text.isEmpty ? nil : text }
                text += text.isEmpty ? name : "." + name
            }
        }
        return text.isEmpty ? nil : text
    }

    private static let fieldNames = Set(Connection.fieldNames + ConnectionAuth.fieldNames + IntegrationAppInput.fieldNames)
}
