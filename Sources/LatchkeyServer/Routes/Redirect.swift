import Hummingbird
import LatchkeyOAuth

/// A 302 to `target` with `parameters` appended to its query.
func redirect(to target: String, adding parameters: [(String, String)]) -> Response {
    let separator = target.contains("?") ? "&" : "?"
    let location = parameters.isEmpty ? target : target + separator + FormEncoding.encode(parameters)
    return Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
}
